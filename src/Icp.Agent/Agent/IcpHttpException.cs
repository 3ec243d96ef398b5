using System.Net;

namespace Icp.Agent;

/// <summary>
/// The replica (or a boundary node) answered with an HTTP error, or could not be reached. A 4xx other than 429 will
/// most likely fail again the same way; a 5xx, a 429 or a connection failure may succeed later (the agent has already
/// retried those as configured).
/// </summary>
public sealed class IcpHttpException : IcpAgentException
{
    /// <summary>An HTTP error response.</summary>
    public IcpHttpException(HttpStatusCode statusCode, string body, Uri requestUri)
        : base($"{requestUri} answered {(int)statusCode} {statusCode}: {Trim(body)}")
    {
        StatusCode = statusCode;
        Body = body ?? "";
        RequestUri = requestUri;
    }

    /// <summary>A failure to get any response (connection refused, reset, or a timeout).</summary>
    public IcpHttpException(Uri requestUri, Exception inner)
        : base($"{requestUri} could not be reached: {inner?.Message}", inner!)
    {
        Body = "";
        RequestUri = requestUri;
    }

    /// <summary>The HTTP status, or null when no response came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The response body as text (replicas explain errors in plain text).</summary>
    public string Body { get; }

    /// <summary>The URL requested.</summary>
    public Uri RequestUri { get; }

    /// <summary>True for errors worth retrying later: 5xx, 429, or no response.</summary>
    public bool IsTransient => StatusCode is null || (int)StatusCode >= 500 || StatusCode == HttpStatusCode.TooManyRequests;

    private static string Trim(string? body) => body is null ? "" : body.Length <= 500 ? body : body[..500] + "…";
}
