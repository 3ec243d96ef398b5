using System.Net;

namespace Icp.Agent.Http;

/// <summary>An HTTP answer as the agent needs it: status, body bytes, and the URL asked.</summary>
internal sealed record HttpReply(HttpStatusCode Status, byte[] Body, Uri RequestUri)
{
    public bool IsNotFoundOrNotAllowed => Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public IcpHttpException ToException() => new(Status, BodyText, RequestUri);
}
