using Bridge.Core.Protocol;
using Bridge.Core.Signatures;

namespace Bridge.Core.Receipts;

/// <summary>
/// The intake decision of protocol section 3 as a pure function: the table's rows in their exact order (413, 415,
/// 400, wrong_network, unknown_provider, bad_provider_signature, requester_key_mismatch, bad_requester_signature,
/// 409 receipt_conflict or 200 the same receipt, self_dealing, invalid_times, future_dated, too_old, 202).
/// 429 and 503 belong to the service.
/// </summary>
public static class ReceiptIntake
{
    /// <summary>Decides on a request body as it arrived.</summary>
    /// <param name="contentType">The request's <c>Content-Type</c> header, or <c>null</c>.</param>
    /// <param name="body">The whole body (the caller stops reading past <see cref="ReceiptIntakeContext.MaxBodyBytes"/> + 1 bytes).</param>
    /// <param name="context">What the bridge knows.</param>
    public static IntakeAnswer Decide(string? contentType, ReadOnlySpan<byte> body, ReceiptIntakeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (body.Length > context.MaxBodyBytes) return IntakeAnswer.Problem(413, ProblemCodes.TooLarge, $"the body is over {context.MaxBodyBytes} bytes");
        if (!BodyMediaType.IsJson(contentType)) return IntakeAnswer.Problem(415, ProblemCodes.UnsupportedMediaType, "send application/json");
        Receipt receipt;
        try { receipt = ReceiptParser.Parse(body); }
        catch (MalformedBodyException e) { return IntakeAnswer.Problem(400, ProblemCodes.Malformed, e.Message); }
        return Decide(receipt, context);
    }

    /// <summary>
    /// Decides on a <c>POST /v1/receipts/batch</c> body: 413 over <see cref="ProtocolLimits.MaxBatchBodyBytes"/>, 415, 400
    /// when the body is not an array of 1–1,000 objects; else 200 with each item decided alone, in order (a malformed
    /// item answers 400 <c>malformed</c>). The caller makes <see cref="ReceiptIntakeContext.FindStoredReceiptHash"/> see
    /// the items it accepted earlier in the same batch.
    /// </summary>
    public static BatchIntakeAnswer DecideBatch(string? contentType, ReadOnlySpan<byte> body, ReceiptIntakeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (body.Length > ProtocolLimits.MaxBatchBodyBytes)
            return new BatchIntakeAnswer { Status = 413, Code = ProblemCodes.TooLarge, Detail = $"the body is over {ProtocolLimits.MaxBatchBodyBytes} bytes" };
        if (!BodyMediaType.IsJson(contentType))
            return new BatchIntakeAnswer { Status = 415, Code = ProblemCodes.UnsupportedMediaType, Detail = "send application/json" };
        IReadOnlyList<Range> ranges;
        try { ranges = ReceiptBatchBody.Split(body); }
        catch (MalformedBodyException e) { return new BatchIntakeAnswer { Status = 400, Code = ProblemCodes.Malformed, Detail = e.Message }; }
        var items = new IntakeAnswer[ranges.Count];
        for (int i = 0; i < items.Length; i++)
        {
            try { items[i] = Decide(ReceiptParser.Parse(body[ranges[i]]), context); }
            catch (MalformedBodyException e) { items[i] = IntakeAnswer.Problem(400, ProblemCodes.Malformed, $"item {i}: {e.Message}"); }
        }
        return new BatchIntakeAnswer { Status = 200, Items = items };
    }

    /// <summary>Decides on a parsed receipt (the rows after 400).</summary>
    public static IntakeAnswer Decide(Receipt receipt, ReceiptIntakeContext context)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(context);
        var hash = BridgeHashes.ReceiptHash(receipt);
        IntakeAnswer Fail(int status, string code, string detail) => IntakeAnswer.Problem(status, code, detail, receipt, hash);

        if (!string.Equals(receipt.NetworkId, context.NetworkId, StringComparison.Ordinal))
            return Fail(422, ProblemCodes.WrongNetwork, $"field 'network_id': this bridge serves '{context.NetworkId}'");
        var node = context.FindNode(receipt.Provider);
        if (node is null) return Fail(422, ProblemCodes.UnknownProvider, "field 'provider': no registered node has this principal");
        var message = BridgeHashes.ReceiptMessage(hash);
        if (!TryFromDer(context, node.PublicKey, out var providerKey) || !context.Verifier.Verify(providerKey, message, receipt.ProviderSignature))
            return Fail(422, ProblemCodes.BadProviderSignature, "field 'provider_signature': does not verify under the registered key");
        if (receipt.RequesterPublicKey is { } requesterDer)
        {
            if (!TryFromDer(context, requesterDer, out var requesterKey))
                return Fail(422, ProblemCodes.RequesterKeyMismatch, "field 'requester_public_key': not a DER Ed25519 or uncompressed secp256k1 key");
            if (requesterKey.Principal != receipt.Requester)
                return Fail(422, ProblemCodes.RequesterKeyMismatch, "field 'requester_public_key': its principal is not 'requester'");
            if (!context.Verifier.Verify(requesterKey, message, receipt.RequesterSignature!))
                return Fail(422, ProblemCodes.BadRequesterSignature, "field 'requester_signature': does not verify under requester_public_key");
        }
        if (context.FindStoredReceiptHash(receipt.Provider, receipt.ReceiptId) is { } stored)
        {
            if (!stored.AsSpan().SequenceEqual(hash))
                return Fail(409, ProblemCodes.ReceiptConflict, "field 'receipt_id': the provider already has this receipt_id with another receipt_hash");
            return new IntakeAnswer { Status = 200, Receipt = receipt, ReceiptHash = hash };
        }
        if (receipt.Requester == receipt.Provider || receipt.Requester == node.Owner)
            return Fail(422, ProblemCodes.SelfDealing, "field 'requester': the provider or the provider's owner");
        if (receipt.EndedAtNs < receipt.StartedAtNs)
            return Fail(422, ProblemCodes.InvalidTimes, "field 'ended_at_ns': before started_at_ns");
        UInt128 duration = receipt.EndedAtNs - receipt.StartedAtNs;
        UInt128 seconds = (duration + 999_999_999) / 1_000_000_000;
        if (receipt.GpuSeconds > seconds * 64)
            return Fail(422, ProblemCodes.InvalidTimes, "field 'gpu_seconds': more than 64 per second of the task's duration");
        if ((UInt128)receipt.EndedAtNs > (UInt128)context.NowNs + ReceiptIntakeContext.FutureToleranceNs)
            return Fail(422, ProblemCodes.FutureDated, "field 'ended_at_ns': more than 5 minutes in the future");
        if ((UInt128)receipt.EndedAtNs + context.MaxReceiptAgeNs < context.NowNs)
            return Fail(422, ProblemCodes.TooOld, "field 'ended_at_ns': older than the bridge's maximum receipt age");
        return new IntakeAnswer { Status = 202, Receipt = receipt, ReceiptHash = hash };
    }

    private static bool TryFromDer(ReceiptIntakeContext context, ReadOnlySpan<byte> der, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BridgePublicKey? key) =>
        context.Keys is { } keys ? keys.TryFromDer(der, out key) : BridgePublicKey.TryFromDer(der, out key);
}
