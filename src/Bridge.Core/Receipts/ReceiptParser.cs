using Bridge.Core.Protocol;

namespace Bridge.Core.Receipts;

/// <summary>Reads a receipt's JSON body by the rules of protocol sections 1 and 3.</summary>
public static class ReceiptParser
{
    private static readonly string[] Names =
    [
        "network_id", "receipt_id", "task_id", "provider", "requester", "requester_subaccount", "workload", "gpu_model",
        "gpu_seconds", "started_at_ns", "ended_at_ns", "fee_token", "fee_amount", "fee_block", "result_hash",
        "provider_signature", "requester_public_key", "requester_signature",
    ];

    // Every member but the four nullable ones (requester_subaccount, fee_block, requester_public_key, requester_signature).
    private const ulong Required = ((1UL << 18) - 1) & ~((1UL << 5) | (1UL << 13) | (1UL << 16) | (1UL << 17));

    /// <summary>Parses one receipt body (UTF-8 JSON).</summary>
    /// <exception cref="MalformedBodyException">The body is malformed; the exception names the field.</exception>
    public static Receipt Parse(ReadOnlySpan<byte> utf8Json)
    {
        var r = new JsonBodyReader(utf8Json, Names);
        string? networkId = null, receiptId = null, taskId = null, workload = null, gpuModel = null;
        Icp.Candid.Principal? provider = null, requester = null, feeToken = null;
        byte[]? subaccount = null, resultHash = null, providerSignature = null, requesterKey = null, requesterSignature = null;
        ulong gpuSeconds = 0, started = 0, ended = 0;
        ulong? feeBlock = null;
        UInt128 feeAmount = 0;
        bool keyNull = true, signatureNull = true;
        while (r.Next(out int i))
        {
            if (r.IsNull)
            {
                switch (i)
                {
                    case 5: case 13: continue;
                    case 16: keyNull = true; continue;
                    case 17: signatureNull = true; continue;
                    default: throw r.Malformed(r.Field, "null where a value is required");
                }
            }
            switch (i)
            {
                case 0: networkId = r.Text(1, ProtocolLimits.MaxNetworkIdBytes); break;
                case 1: receiptId = r.Text(1, ProtocolLimits.MaxIdBytes); break;
                case 2: taskId = r.Text(1, ProtocolLimits.MaxIdBytes); break;
                case 3: provider = r.Principal(); break;
                case 4: requester = r.Principal(); break;
                case 5: subaccount = r.Hex(32); break;
                case 6: workload = r.Text(1, ProtocolLimits.MaxWorkloadBytes); break;
                case 7: gpuModel = r.Text(1, ProtocolLimits.MaxIdBytes); break;
                case 8: gpuSeconds = (ulong)r.Integer(ulong.MaxValue); break;
                case 9: started = (ulong)r.Integer(ulong.MaxValue); break;
                case 10: ended = (ulong)r.Integer(ulong.MaxValue); break;
                case 11: feeToken = r.Principal(); break;
                case 12: feeAmount = r.Integer(UInt128.MaxValue); break;
                case 13: feeBlock = (ulong)r.Integer(ulong.MaxValue); break;
                case 14: resultHash = r.Hex(32); break;
                case 15: providerSignature = r.Hex(); break;
                case 16: requesterKey = r.Hex(); keyNull = false; break;
                case 17: requesterSignature = r.Hex(); signatureNull = false; break;
            }
        }
        r.RequireAll(Required);
        if (keyNull != signatureNull)
            throw new MalformedBodyException(keyNull ? "requester_public_key" : "requester_signature", null,
                "requester_public_key and requester_signature are both present or both null");
        return new Receipt
        {
            NetworkId = networkId!, ReceiptId = receiptId!, TaskId = taskId!, Provider = provider!, Requester = requester!,
            RequesterSubaccount = subaccount, Workload = workload!, GpuModel = gpuModel!, GpuSeconds = gpuSeconds,
            StartedAtNs = started, EndedAtNs = ended, FeeToken = feeToken!, FeeAmount = feeAmount, FeeBlock = feeBlock,
            ResultHash = resultHash!, ProviderSignature = providerSignature!, RequesterPublicKey = requesterKey,
            RequesterSignature = requesterSignature,
        };
    }
}
