using System.Globalization;
using System.Text.Json.Nodes;
using Bridge.Core.Protocol;
using Bridge.Core.Receipts;
using Icp.Agent.Identities;
using Icp.Candid;

namespace Bridge.Service.Tests;

/// <summary>Fresh receipts of node A (the vectors' fixed key), signed now, as JSON bodies.</summary>
internal static class SignedReceipts
{
    public static Ed25519Identity NodeA { get; } = Ed25519Identity.FromSeed(Convert.FromHexString(
        (string)Conformance.Principals["keys"]!.AsArray().Single(k => (string)k!["name"]! == "node-a")!["secret"]!));

    public static Principal Requester { get; } = Principal.Parse("hoy4a-qp56d-352vk-6ys3k-ylgvd-f6z6u-sx7s2-uikxs-u5fb6-lxblb-2qe");

    public static (string Body, byte[] Hash) Make(string receiptId, ulong endedNs, Principal feeToken, ulong gpuSeconds = 30, ulong fee = 150_000,
        string workload = "stable-diffusion-xl", string gpuModel = "RTX 3090")
    {
        var receipt = new Receipt
        {
            NetworkId = TestBridge.NetworkId, ReceiptId = receiptId, TaskId = "t-" + receiptId, Provider = NodeA.Sender, Requester = Requester,
            Workload = workload, GpuModel = gpuModel, GpuSeconds = gpuSeconds, StartedAtNs = endedNs - 60_000_000_000, EndedAtNs = endedNs,
            FeeToken = feeToken, FeeAmount = fee, ResultHash = new byte[32], ProviderSignature = [],
        };
        var hash = BridgeHashes.ReceiptHash(receipt);
        var signature = NodeA.Sign(BridgeHashes.ReceiptMessage(hash));
        var body = new JsonObject
        {
            ["network_id"] = receipt.NetworkId, ["receipt_id"] = receipt.ReceiptId, ["task_id"] = receipt.TaskId,
            ["provider"] = receipt.Provider.ToString(), ["requester"] = receipt.Requester.ToString(), ["requester_subaccount"] = null,
            ["workload"] = receipt.Workload, ["gpu_model"] = receipt.GpuModel, ["gpu_seconds"] = N(receipt.GpuSeconds),
            ["started_at_ns"] = N(receipt.StartedAtNs), ["ended_at_ns"] = N(receipt.EndedAtNs), ["fee_token"] = feeToken.ToString(),
            ["fee_amount"] = N(fee), ["fee_block"] = null, ["result_hash"] = Convert.ToHexStringLower(receipt.ResultHash),
            ["provider_signature"] = Convert.ToHexStringLower(signature), ["requester_public_key"] = null, ["requester_signature"] = null,
        };
        return (body.ToJsonString(), hash);
    }

    private static string N(ulong v) => v.ToString(CultureInfo.InvariantCulture);
}
