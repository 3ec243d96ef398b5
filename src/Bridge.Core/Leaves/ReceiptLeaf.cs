using System.Numerics;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;
using Icp.Candid;

namespace Bridge.Core.Leaves;

/// <summary>
/// One leaf of a batch (protocol section 4): the rollup's <c>ReceiptLeaf</c> record with the three fields the protocol
/// adds (<c>provider_public_key</c>, <c>requester_public_key</c>, <c>fee_block</c>), so that a leaf can be checked
/// alone. Its bytes are its Candid encoding (<see cref="ReceiptLeafCodec"/>).
/// </summary>
public sealed record ReceiptLeaf
{
    /// <summary>The Candid type of a leaf, as <c>leaf.json</c> and <c>candid/rollup.did</c> give it.</summary>
    public const string CandidType = """
        type Account = record { owner : principal; subaccount : opt blob };
        type ReceiptLeaf = record {
          network_id : text; receipt_id : text; task_id : text; provider : principal; provider_owner : principal;
          provider_public_key : blob; requester : Account; requester_public_key : opt blob; workload : text;
          gpu_model : text; gpu_seconds : nat64; started_at_ns : nat64; ended_at_ns : nat64; fee_token : principal;
          fee_amount : nat; fee_block : opt nat; result_hash : blob; receipt_hash : blob; provider_signature : blob;
          requester_signature : opt blob;
        };
        """;

    /// <summary><c>network_id</c>.</summary>
    [CandidName("network_id")] public required string NetworkId { get; init; }
    /// <summary><c>receipt_id</c>.</summary>
    [CandidName("receipt_id")] public required string ReceiptId { get; init; }
    /// <summary><c>task_id</c>.</summary>
    [CandidName("task_id")] public required string TaskId { get; init; }
    /// <summary><c>provider</c>: the node's principal.</summary>
    [CandidName("provider")] public required Principal Provider { get; init; }
    /// <summary><c>provider_owner</c>: the node's registered owner.</summary>
    [CandidName("provider_owner")] public required Principal ProviderOwner { get; init; }
    /// <summary><c>provider_public_key</c>: the node's registered DER key.</summary>
    [CandidName("provider_public_key")] public required byte[] ProviderPublicKey { get; init; }
    /// <summary><c>requester</c>: the account (requester, requester_subaccount as sent).</summary>
    [CandidName("requester")] public required Icp.Ledger.Icrc1.Account Requester { get; init; }
    /// <summary><c>requester_public_key</c>, as sent.</summary>
    [CandidName("requester_public_key")] public byte[]? RequesterPublicKey { get; init; }
    /// <summary><c>workload</c>.</summary>
    [CandidName("workload")] public required string Workload { get; init; }
    /// <summary><c>gpu_model</c>.</summary>
    [CandidName("gpu_model")] public required string GpuModel { get; init; }
    /// <summary><c>gpu_seconds</c>.</summary>
    [CandidName("gpu_seconds")] public required ulong GpuSeconds { get; init; }
    /// <summary><c>started_at_ns</c>.</summary>
    [CandidName("started_at_ns")] public required ulong StartedAtNs { get; init; }
    /// <summary><c>ended_at_ns</c>.</summary>
    [CandidName("ended_at_ns")] public required ulong EndedAtNs { get; init; }
    /// <summary><c>fee_token</c>.</summary>
    [CandidName("fee_token")] public required Principal FeeToken { get; init; }
    /// <summary><c>fee_amount</c> (a nat).</summary>
    [CandidName("fee_amount"), CandidNat] public required BigInteger FeeAmount { get; init; }
    /// <summary><c>fee_block</c>, as sent.</summary>
    [CandidName("fee_block")] public Nat? FeeBlock { get; init; }
    /// <summary><c>result_hash</c>.</summary>
    [CandidName("result_hash")] public required byte[] ResultHash { get; init; }
    /// <summary><c>receipt_hash</c>.</summary>
    [CandidName("receipt_hash")] public required byte[] ReceiptHash { get; init; }
    /// <summary><c>provider_signature</c>.</summary>
    [CandidName("provider_signature")] public required byte[] ProviderSignature { get; init; }
    /// <summary><c>requester_signature</c>.</summary>
    [CandidName("requester_signature")] public byte[]? RequesterSignature { get; init; }

    /// <summary>The leaf of an accepted receipt of a registered node.</summary>
    /// <param name="receipt">The receipt as accepted.</param>
    /// <param name="node">The provider's registration (owner and key).</param>
    /// <param name="receiptHash">The receipt's receipt_hash.</param>
    public static ReceiptLeaf From(Receipt receipt, RegisteredNode node, byte[] receiptHash)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(receiptHash);
        return new ReceiptLeaf
        {
            NetworkId = receipt.NetworkId, ReceiptId = receipt.ReceiptId, TaskId = receipt.TaskId, Provider = receipt.Provider,
            ProviderOwner = node.Owner, ProviderPublicKey = node.PublicKey,
            Requester = new Icp.Ledger.Icrc1.Account { Owner = receipt.Requester, Subaccount = receipt.RequesterSubaccount },
            RequesterPublicKey = receipt.RequesterPublicKey, Workload = receipt.Workload, GpuModel = receipt.GpuModel,
            GpuSeconds = receipt.GpuSeconds, StartedAtNs = receipt.StartedAtNs, EndedAtNs = receipt.EndedAtNs,
            FeeToken = receipt.FeeToken, FeeAmount = (BigInteger)receipt.FeeAmount,
            FeeBlock = receipt.FeeBlock is { } b ? new Nat(b) : null, ResultHash = receipt.ResultHash, ReceiptHash = receiptHash,
            ProviderSignature = receipt.ProviderSignature, RequesterSignature = receipt.RequesterSignature,
        };
    }

    /// <summary>The receipt this leaf carries (fields as hashed), or <c>null</c> when a value is outside the
    /// receipt's ranges (fee_amount ≥ 2^128, fee_block ≥ 2^64).</summary>
    public Receipt? ToReceipt()
    {
        if (FeeAmount.Sign < 0 || FeeAmount > (BigInteger)UInt128.MaxValue) return null;
        ulong? feeBlock = null;
        if (FeeBlock is { } nat)
        {
            BigInteger v = nat;
            if (v > ulong.MaxValue) return null;
            feeBlock = (ulong)v;
        }
        return new Receipt
        {
            NetworkId = NetworkId, ReceiptId = ReceiptId, TaskId = TaskId, Provider = Provider, Requester = Requester.Owner,
            RequesterSubaccount = Requester.Subaccount, Workload = Workload, GpuModel = GpuModel, GpuSeconds = GpuSeconds,
            StartedAtNs = StartedAtNs, EndedAtNs = EndedAtNs, FeeToken = FeeToken, FeeAmount = (UInt128)FeeAmount,
            FeeBlock = feeBlock, ResultHash = ResultHash, ProviderSignature = ProviderSignature,
            RequesterPublicKey = RequesterPublicKey, RequesterSignature = RequesterSignature,
        };
    }
}
