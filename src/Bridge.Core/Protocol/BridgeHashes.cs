using System.Numerics;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;
using Icp.Agent.Hashing;
using Icp.Candid;

namespace Bridge.Core.Protocol;

/// <summary>The protocol's hashes of maps (section 1's <c>hash_of_map</c>, the agent's
/// <see cref="RepresentationIndependentHash"/>): receipt_hash, the registration hash, fee_memo and line_hash.</summary>
public static class BridgeHashes
{
    /// <summary>The fields receipt_hash covers (section 3), in no particular order; absent optionals left out.</summary>
    public static IEnumerable<KeyValuePair<string, HashableValue>> ReceiptFields(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        yield return new("network_id", HashableValue.Text(receipt.NetworkId));
        yield return new("receipt_id", HashableValue.Text(receipt.ReceiptId));
        yield return new("task_id", HashableValue.Text(receipt.TaskId));
        yield return new("workload", HashableValue.Text(receipt.Workload));
        yield return new("gpu_model", HashableValue.Text(receipt.GpuModel));
        yield return new("provider", HashableValue.Principal(receipt.Provider));
        yield return new("requester", HashableValue.Principal(receipt.Requester));
        yield return new("fee_token", HashableValue.Principal(receipt.FeeToken));
        if (receipt.RequesterSubaccount is { } sub) yield return new("requester_subaccount", HashableValue.Blob(sub));
        yield return new("result_hash", HashableValue.Blob(receipt.ResultHash));
        yield return new("gpu_seconds", HashableValue.Nat(receipt.GpuSeconds));
        yield return new("started_at_ns", HashableValue.Nat(receipt.StartedAtNs));
        yield return new("ended_at_ns", HashableValue.Nat(receipt.EndedAtNs));
        yield return new("fee_amount", HashableValue.Nat((BigInteger)receipt.FeeAmount));
        if (receipt.FeeBlock is { } block) yield return new("fee_block", HashableValue.Nat(block));
    }

    /// <summary>receipt_hash (32 bytes): <c>hash_of_map</c> of <see cref="ReceiptFields"/>, computed without its per-field allocations.</summary>
    public static byte[] ReceiptHash(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return ReceiptHasher.Hash(receipt);
    }

    /// <summary>What the provider and the requester sign: <c>\x0Fcompute-receipt ‖ receipt_hash</c>.</summary>
    public static byte[] ReceiptMessage(ReadOnlySpan<byte> receiptHash) => BridgeDomains.Message(BridgeDomains.Receipt, receiptHash);

    /// <summary>The registration hash: hash_of_map{ network_id: text, public_key: blob, owner: blob }.</summary>
    public static byte[] RegistrationHash(string networkId, ReadOnlySpan<byte> publicKeyDer, Principal owner) =>
        RepresentationIndependentHash.HashOfMap(
        [
            new("network_id", HashableValue.Text(networkId)),
            new("public_key", HashableValue.Blob(publicKeyDer)),
            new("owner", HashableValue.Principal(owner)),
        ]);

    /// <summary>The registration hash of a parsed registration.</summary>
    public static byte[] RegistrationHash(NodeRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return RegistrationHash(registration.NetworkId, registration.PublicKey, registration.Owner);
    }

    /// <summary>What a node signs to register: <c>\x0Ccompute-node ‖ registration hash</c>.</summary>
    public static byte[] RegistrationMessage(ReadOnlySpan<byte> registrationHash) => BridgeDomains.Message(BridgeDomains.Node, registrationHash);

    /// <summary>fee_memo = hash_of_map{ network_id: text, provider: blob, receipt_id: text } (32 bytes).</summary>
    public static byte[] FeeMemo(string networkId, Principal provider, string receiptId) =>
        RepresentationIndependentHash.HashOfMap(
        [
            new("network_id", HashableValue.Text(networkId)),
            new("provider", HashableValue.Principal(provider)),
            new("receipt_id", HashableValue.Text(receiptId)),
        ]);

    /// <summary>The fee_memo of a receipt.</summary>
    public static byte[] FeeMemo(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return FeeMemo(receipt.NetworkId, receipt.Provider, receipt.ReceiptId);
    }

    /// <summary>line_hash = hash_of_map{ network_id, epoch, owner, subaccount (only when not default), amount }.</summary>
    /// <param name="networkId">The bridge's network id.</param>
    /// <param name="epoch">The epoch the line pays.</param>
    /// <param name="owner">The account's owner.</param>
    /// <param name="subaccount">The line's subaccount; empty or all zero is the default and is left out.</param>
    /// <param name="amount">The amount paid.</param>
    public static byte[] LineHash(string networkId, ulong epoch, Principal owner, ReadOnlySpan<byte> subaccount, BigInteger amount)
    {
        var fields = new List<KeyValuePair<string, HashableValue>>(5)
        {
            new("network_id", HashableValue.Text(networkId)),
            new("epoch", HashableValue.Nat(epoch)),
            new("owner", HashableValue.Principal(owner)),
            new("amount", HashableValue.Nat(amount)),
        };
        if (!subaccount.IsEmpty && subaccount.ContainsAnyExcept((byte)0)) fields.Add(new("subaccount", HashableValue.Blob(subaccount)));
        return RepresentationIndependentHash.HashOfMap(fields);
    }
}
