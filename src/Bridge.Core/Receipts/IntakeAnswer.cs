namespace Bridge.Core.Receipts;

/// <summary>
/// The answer to one <c>POST /v1/receipts</c> (or one item of the batch endpoint): the status of the table in
/// protocol section 3, its problem <c>code</c> and <c>detail</c>, or, for 202 and 200, the receipt and its hash.
/// </summary>
public sealed record IntakeAnswer
{
    /// <summary>The HTTP status: 202 accepted, 200 the same receipt again, else a problem.</summary>
    public required int Status { get; init; }
    /// <summary>The problem's <c>code</c> (<see cref="ProblemCodes"/>), or <c>null</c> for 200 and 202.</summary>
    public string? Code { get; init; }
    /// <summary>The problem's <c>detail</c>, naming the field; <c>null</c> for 200 and 202.</summary>
    public string? Detail { get; init; }
    /// <summary>The parsed receipt, once the body parsed.</summary>
    public Receipt? Receipt { get; init; }
    /// <summary>The receipt_hash, once the body parsed.</summary>
    public byte[]? ReceiptHash { get; init; }

    /// <summary>True for 202: the receipt is new and must be stored (durably) before the answer is sent.</summary>
    public bool IsAccepted => Status == 202;

    /// <summary>True for 200: the same receipt_hash is already stored; answer with the first acknowledgement.</summary>
    public bool IsRepeat => Status == 200;

    internal static IntakeAnswer Problem(int status, string code, string detail, Receipt? receipt = null, byte[]? hash = null) =>
        new() { Status = status, Code = code, Detail = detail, Receipt = receipt, ReceiptHash = hash };
}
