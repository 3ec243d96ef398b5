namespace Icp.Replica.PocketIc;

/// <summary>
/// An error answer of the PocketIC REST API: a 4xx status with PocketIC's error shape, <c>{"message": "..."}</c>,
/// which the client libraries (@dfinity/pic, the pocket-ic crate) turn into an exception carrying the message.
/// </summary>
internal sealed class PocketIcException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status code (400 for a bad request or a failed operation, 404 for an unknown thing).</summary>
    public int Status { get; } = status;

    /// <summary>400: the request or the operation failed.</summary>
    public static PocketIcException BadRequest(string message) => new(400, message);

    /// <summary>404: an endpoint this server does not serve, or an instance or blob it does not know.</summary>
    public static PocketIcException NotFound(string message) => new(404, message);
}
