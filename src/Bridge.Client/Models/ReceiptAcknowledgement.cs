namespace Bridge.Client.Models;

/// <summary>The bridge's acknowledgement of a receipt: durable, with its receipt_hash.</summary>
/// <param name="ReceiptHash">The receipt_hash the bridge computed (equal to the client's).</param>
/// <param name="IsNew">True for 202 (accepted now), false for 200 (the same receipt was accepted before).</param>
public sealed record ReceiptAcknowledgement(byte[] ReceiptHash, bool IsNew);

/// <summary>One item's result of <c>POST /v1/receipts/batch</c>: accepted with its hash, or refused with a problem.</summary>
/// <param name="Status">202 or 200 when accepted, else the status the single endpoint would have answered.</param>
/// <param name="ReceiptHash">The receipt_hash when accepted.</param>
/// <param name="Problem">The refusal, when not accepted.</param>
public sealed record ReceiptSubmission(int Status, byte[]? ReceiptHash, BridgeProblem? Problem)
{
    /// <summary>True when the bridge holds the receipt durably (202 or 200).</summary>
    public bool IsAccepted => ReceiptHash is not null && Problem is null;
}
