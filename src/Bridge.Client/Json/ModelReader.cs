using System.Text.Json;
using Bridge.Client.Models;
using Icp.Candid;
using Icp.Ledger;

namespace Bridge.Client.Json;

/// <summary>The bridge's JSON answers as the client's models.</summary>
internal static class ModelReader
{
    public static BridgeInfo Info(JsonElement e)
    {
        var r = ResponseReader.Object(e, "info");
        string feeAccount = r.String("fee_account");
        if (!Account.TryParse(feeAccount, out var account)) throw ResponseReader.Error("info.fee_account", $"'{feeAccount}' is not an ICRC-1 account");
        string url = r.String("replica_url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var replica)) throw ResponseReader.Error("info.replica_url", $"'{url}' is not an absolute URL");
        Account? payout = null;
        if (r.StringOrNull("payout_account") is { } payoutText)
            payout = Account.TryParse(payoutText, out var parsed) ? parsed : throw ResponseReader.Error("info.payout_account", $"'{payoutText}' is not an ICRC-1 account");
        return new BridgeInfo(r.String("network_id"), r.Principal("rollup_canister"), r.Principal("reward_ledger"), account, replica,
            Seconds(r, "batch_interval_s"), Seconds(r, "challenge_window_s"), Seconds(r, "epoch_length_s"), r.UInt64("genesis_ns"),
            r.UInt64("first_period_epochs"), r.Nat("emission_per_epoch")) { PayoutAccount = payout };
    }

    private static TimeSpan Seconds(ResponseReader r, string name) => TimeSpan.FromSeconds(r.UInt64(name));

    public static NodeRegistrationResult Registered(JsonElement e, bool isNew)
    {
        var r = ResponseReader.Object(e, "registration");
        return new NodeRegistrationResult(r.Principal("provider"), r.Principal("owner"), isNew);
    }

    public static RegisteredNodeInfo Node(JsonElement e)
    {
        var r = ResponseReader.Object(e, "node");
        return new RegisteredNodeInfo(r.Principal("provider"), r.Hex("public_key"), r.Principal("owner"));
    }

    public static ReceiptAcknowledgement Acknowledgement(JsonElement e, bool isNew) =>
        new(ResponseReader.Object(e, "acknowledgement").Hex("receipt_hash"), isNew);

    public static ReceiptSubmission Submission(JsonElement e, string where)
    {
        var r = ResponseReader.Object(e, where);
        int status = (int)r.UInt64("status");
        if (status is 200 or 202) return new ReceiptSubmission(status, r.Hex("receipt_hash"), null);
        return new ReceiptSubmission(status, null, new BridgeProblem(status, r.StringOrNull("code") ?? "unknown", r.StringOrNull("detail")));
    }

    public static ReceiptStatus Status(JsonElement e)
    {
        var r = ResponseReader.Object(e, "receipt");
        string state = r.String("status");
        return new ReceiptStatus(r.Hex("receipt_hash"), state switch
        {
            "accepted" => ReceiptState.Accepted,
            "batched" => ReceiptState.Batched,
            "final" => ReceiptState.Final,
            "rejected" => ReceiptState.Rejected,
            _ => throw ResponseReader.Error("receipt.status", $"'{state}' is not accepted, batched, final or rejected"),
        }, r.UInt64OrNull("batch"), r.UInt64OrNull("leaf_index"), r.UInt64OrNull("tree_size"), r.HexOrNull("leaf"),
            r.ArrayOrNull("proof", (p, where) => ResponseReader.ParseHex(ResponseReader.HexString(p, where), where)));
    }

    public static BridgeBatch Batch(JsonElement e, string where = "batch")
    {
        var r = ResponseReader.Object(e, where);
        string status = r.String("status");
        return new BridgeBatch(r.UInt64("sequence"), r.Hex("previous_root"), r.Hex("root"), r.UInt64("receipt_count"), r.Nat("total_fees"),
            r.Nat("total_gpu_seconds"), r.UInt64("window_start_ns"), r.UInt64("window_end_ns"), status switch
            {
                "cut" => BridgeBatchStatus.Cut,
                "pending" => BridgeBatchStatus.Pending,
                "final" => BridgeBatchStatus.Final,
                "rejected" => BridgeBatchStatus.Rejected,
                _ => throw ResponseReader.Error($"{where}.status", $"'{status}' is not cut, pending, final or rejected"),
            }, r.UInt64OrNull("posted_ns"), r.UInt64OrNull("final_after_ns"), r.StringOrNull("reject_reason"));
    }

    public static IReadOnlyList<byte[]> Leaves(JsonElement e) =>
        ResponseReader.Object(e, "leaves").Array("leaves", (l, where) => ResponseReader.ParseHex(ResponseReader.HexString(l, where), where));

    public static BridgeEpoch Epoch(JsonElement e, string where = "epoch")
    {
        var r = ResponseReader.Object(e, where);
        // The header's members may sit at the top or under "header".
        var h = r.Has("header") ? ResponseReader.Object(r.Element.GetProperty("header"), where + ".header") : r;
        ulong epoch = h.UInt64("epoch");
        Principal? token = h.Has("token") ? h.Principal("token") : null;
        return new BridgeEpoch(epoch, r.String("state"), h.UInt64OrNull("first_batch"), h.UInt64OrNull("last_batch"), h.HexOrNull("distribution_root"),
            h.NatOrNull("total_payout"), token,
            r.ArrayOrNull("lines", (l, w) => Line(l, w, epoch)) ?? [],
            r.ArrayOrNull("ineligible", Ineligible) ?? []);
    }

    public static RewardLine Line(JsonElement e, string where, ulong? epoch)
    {
        var r = ResponseReader.Object(e, where);
        return new RewardLine(r.UInt64OrNull("epoch") ?? epoch, r.Principal("owner"), r.HexOrNull("subaccount"), r.Nat("amount"), r.Hex("line_hash"),
            r.String("status"), r.UInt64OrNull("block_index"), r.StringOrNull("reason"));
    }

    private static IneligibleReceipt Ineligible(JsonElement e, string where)
    {
        var r = ResponseReader.Object(e, where);
        return new IneligibleReceipt(r.Principal("provider"), r.String("receipt_id"), r.String("reason"));
    }

    /// <summary>An account's lines: a JSON array, or an object whose <c>lines</c> holds them.</summary>
    public static IReadOnlyList<RewardLine> AccountLines(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? ResponseReader.Items(e, "rewards", (l, w) => Line(l, w, null))
        : ResponseReader.Object(e, "rewards").Array("lines", (l, w) => Line(l, w, null));
}
