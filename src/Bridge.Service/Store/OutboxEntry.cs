namespace Bridge.Service.Store;

/// <summary>
/// A signed IC request stored before it is sent: after a crash the poster awaits its request id or sends the same
/// bytes again, so the canister sees one request however often it is retried.
/// </summary>
/// <param name="Kind">What the request does (<c>submit_batch</c>, <c>submit_epoch</c>, ...).</param>
/// <param name="Key">What it is for (the batch sequence, the epoch, ...); one entry per kind and key.</param>
/// <param name="RequestId">The request id of the signed envelope.</param>
/// <param name="Envelope">The signed CBOR envelope, byte for byte.</param>
/// <param name="CreatedNs">When it was stored (ns).</param>
/// <param name="Outcome">Null while unanswered; else what the IC said (<c>replied</c>, <c>rejected</c>, ...).</param>
/// <param name="Reply">The certified reply's bytes, once answered.</param>
public sealed record OutboxEntry(string Kind, string Key, byte[] RequestId, byte[] Envelope, ulong CreatedNs, string? Outcome = null, byte[]? Reply = null);
