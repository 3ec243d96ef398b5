namespace Bridge.Client.Models;

/// <summary>A problem answer of the bridge (RFC 9457 with the protocol's <c>code</c>), or one item's refusal in a batch.</summary>
/// <param name="Status">The HTTP status (400, 409, 413, 415, 422, 429, 503, …).</param>
/// <param name="Code">The protocol's code (<c>malformed</c>, <c>bad_provider_signature</c>, <c>overloaded</c>, …; see Bridge.Core's <c>ProblemCodes</c>).</param>
/// <param name="Detail">What was wrong and where (names the field), when given.</param>
public sealed record BridgeProblem(int Status, string Code, string? Detail)
{
    /// <inheritdoc />
    public override string ToString() => Detail is null ? $"{Status} {Code}" : $"{Status} {Code}: {Detail}";
}
