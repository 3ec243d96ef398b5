using Bridge.Client.Models;

namespace Bridge.Client.Http;

/// <summary>The bridge refused a request with a problem answer (RFC 9457 with the protocol's <c>code</c> and a <c>detail</c>
/// that names the field).</summary>
public sealed class BridgeProblemException : Exception
{
    /// <summary>An exception carrying <paramref name="problem"/>.</summary>
    public BridgeProblemException(BridgeProblem problem, TimeSpan? retryAfter = null)
        : base($"the bridge answered {problem}")
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        RetryAfter = retryAfter;
    }

    /// <summary>The problem: status, code and detail.</summary>
    public BridgeProblem Problem { get; }

    /// <summary>The HTTP status.</summary>
    public int Status => Problem.Status;

    /// <summary>The protocol's code (<c>malformed</c>, <c>bad_provider_signature</c>, <c>overloaded</c>, …).</summary>
    public string Code => Problem.Code;

    /// <summary>What was wrong and where.</summary>
    public string? Detail => Problem.Detail;

    /// <summary>When to retry (the last 429/503's <c>Retry-After</c>), when the bridge said.</summary>
    public TimeSpan? RetryAfter { get; }
}
