using System.Globalization;
using System.Text.Json;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;

namespace Bridge.Client.Json;

/// <summary>
/// The request bodies of the protocol in its JSON encoding (section 1): integers as decimal strings, blobs as
/// lowercase hex, principals in text form, null fields written as null.
/// </summary>
public static class BridgeJson
{
    /// <summary>The body of <c>POST /v1/receipts</c> (UTF-8).</summary>
    public static byte[] Receipt(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteReceipt(writer, receipt);
        return buffer.ToArray();
    }

    /// <summary>The body of <c>POST /v1/receipts/batch</c> (UTF-8): a JSON array of receipts.</summary>
    public static byte[] ReceiptArray(IEnumerable<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var receipt in receipts) WriteReceipt(writer, receipt ?? throw new ArgumentException("a receipt is null", nameof(receipts)));
            writer.WriteEndArray();
        }
        return buffer.ToArray();
    }

    /// <summary>The body of <c>POST /v1/nodes</c> (UTF-8).</summary>
    public static byte[] Registration(NodeRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("network_id", registration.NetworkId);
            writer.WriteString("public_key", Convert.ToHexStringLower(registration.PublicKey));
            writer.WriteString("owner", registration.Owner.ToString());
            writer.WriteString("signature", Convert.ToHexStringLower(registration.Signature));
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteReceipt(Utf8JsonWriter w, Receipt r)
    {
        w.WriteStartObject();
        w.WriteString("network_id", r.NetworkId);
        w.WriteString("receipt_id", r.ReceiptId);
        w.WriteString("task_id", r.TaskId);
        w.WriteString("provider", r.Provider.ToString());
        w.WriteString("requester", r.Requester.ToString());
        WriteHexOrNull(w, "requester_subaccount", r.RequesterSubaccount);
        w.WriteString("workload", r.Workload);
        w.WriteString("gpu_model", r.GpuModel);
        w.WriteString("gpu_seconds", Text(r.GpuSeconds));
        w.WriteString("started_at_ns", Text(r.StartedAtNs));
        w.WriteString("ended_at_ns", Text(r.EndedAtNs));
        w.WriteString("fee_token", r.FeeToken.ToString());
        w.WriteString("fee_amount", r.FeeAmount.ToString(CultureInfo.InvariantCulture));
        if (r.FeeBlock is { } block) w.WriteString("fee_block", Text(block));
        else w.WriteNull("fee_block");
        w.WriteString("result_hash", Convert.ToHexStringLower(r.ResultHash));
        w.WriteString("provider_signature", Convert.ToHexStringLower(r.ProviderSignature));
        WriteHexOrNull(w, "requester_public_key", r.RequesterPublicKey);
        WriteHexOrNull(w, "requester_signature", r.RequesterSignature);
        w.WriteEndObject();
    }

    private static void WriteHexOrNull(Utf8JsonWriter w, string name, byte[]? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, Convert.ToHexStringLower(value));
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
