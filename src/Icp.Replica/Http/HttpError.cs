namespace Icp.Replica.Http;

/// <summary>An HTTP error answer: status code and a plain-text message, as the replica sends them.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Message">The text body.</param>
internal sealed record HttpError(int Status, string Message);

/// <summary>Thrown inside a handler to answer with an <see cref="HttpError"/>.</summary>
internal sealed class HttpErrorException(int status, string message) : Exception(message)
{
    public HttpError Error { get; } = new(status, message);
}
