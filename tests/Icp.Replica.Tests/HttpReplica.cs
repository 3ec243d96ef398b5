using System.Net;
using Icp.Agent;
using Icp.Agent.Certification;
using Icp.Agent.Identities;
using Icp.Agent.Requests;

namespace Icp.Replica.Tests;

/// <summary>Helpers for tests over HTTP: a replica with the HTTP interface and a Counter, agents, raw envelopes.</summary>
internal static class HttpReplica
{
    public static Task<LocalReplica> StartAsync(string? stateDirectory = null) =>
        LocalReplica.StartAsync(new LocalReplicaOptions { HttpPort = 0, StateDirectory = stateDirectory });

    /// <summary>Our agent with the real BLS verifier; the root key is fetched (local network).</summary>
    public static IcpAgent Agent(LocalReplica ic, IIdentity? identity = null, HttpMessageHandler? handler = null) =>
        new(handler is null ? new HttpClient() : new HttpClient(handler), new IcpAgentOptions
        {
            Url = ic.Url!,
            Identity = identity ?? Ed25519Identity.Generate(),
            IsLocalNetwork = true,
            MaxRetries = 0,
        }, Bls12381Verifier.Shared);

    public static ulong Expiry(TimeSpan fromNow) => (ulong)(DateTimeOffset.UtcNow + fromNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    public static CallContent Call(IIdentity identity, Principal canister, string method, byte[]? arg = null, TimeSpan? expiry = null) =>
        new(identity.Sender, Expiry(expiry ?? TimeSpan.FromMinutes(2)), Guid.NewGuid().ToByteArray(), canister, method, arg ?? TestReplica.NoArgs);

    public static async Task<(HttpStatusCode Status, byte[] Body, string Text)> PostAsync(LocalReplica ic, string path, byte[] body, string contentType = "application/cbor")
    {
        using var client = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(new Uri(ic.Url!, path.TrimStart('/')), content);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, bytes, System.Text.Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Makes every request to an API version above <paramref name="maxVersion"/> a 404, as an older replica would.</summary>
    public sealed class OlderReplicaHandler(int maxVersion) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string path = request.RequestUri!.AbsolutePath;
            for (int v = maxVersion + 1; v <= 4; v++)
                if (path.StartsWith($"/api/v{v}/", StringComparison.Ordinal))
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
            return base.SendAsync(request, cancellationToken);
        }
    }
}
