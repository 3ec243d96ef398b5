namespace Bridge.Core.Receipts;

/// <summary>The answer to <c>POST /v1/receipts/batch</c>: a problem for the body as a whole (413, 415, 400), or 200
/// with one <see cref="IntakeAnswer"/> per item, in order, each standing alone.</summary>
public sealed record BatchIntakeAnswer
{
    /// <summary>200, or the body's problem status.</summary>
    public required int Status { get; init; }
    /// <summary>The body's problem code, or <c>null</c> for 200.</summary>
    public string? Code { get; init; }
    /// <summary>The body's problem detail, or <c>null</c> for 200.</summary>
    public string? Detail { get; init; }
    /// <summary>The items' answers (empty unless 200).</summary>
    public IReadOnlyList<IntakeAnswer> Items { get; init; } = [];
}
