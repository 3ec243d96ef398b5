using Microsoft.AspNetCore.Http.HttpResults;

namespace Bridge.Service.Http;

/// <summary>An RFC 9457 problem: HTTP status, the bridge's <c>code</c>, and a detail that names the field.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The machine-readable code (<see cref="Bridge.Core.Receipts.ProblemCodes"/>, <see cref="ServiceProblemCodes"/>).</param>
/// <param name="Detail">What is wrong and where.</param>
public sealed record Problem(int Status, string Code, string Detail)
{
    /// <summary>The problem as an <c>application/problem+json</c> result.</summary>
    public ProblemHttpResult ToResult() => TypedResults.Problem(
        detail: Detail, statusCode: Status, extensions: new Dictionary<string, object?> { ["code"] = Code });

    /// <summary>400 <c>malformed</c>.</summary>
    public static Problem Malformed(string detail) => new(StatusCodes.Status400BadRequest, Bridge.Core.Receipts.ProblemCodes.Malformed, detail);

    /// <summary>404 <c>not_found</c>.</summary>
    public static Problem NotFound(string detail) => new(StatusCodes.Status404NotFound, ServiceProblemCodes.NotFound, detail);

    /// <summary>503 <c>unavailable</c>.</summary>
    public static Problem Unavailable(string detail) => new(StatusCodes.Status503ServiceUnavailable, ServiceProblemCodes.Unavailable, detail);
}
