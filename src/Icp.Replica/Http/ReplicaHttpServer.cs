using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Icp.Replica.Http;

/// <summary>
/// The IC HTTP interface over Kestrel (ASP.NET Core minimal APIs), in-process. Every handler answers errors as the
/// replica does (status code and a plain-text body); an unexpected exception is a 500 and never stops the server.
/// </summary>
internal sealed class ReplicaHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReplicaHttpServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:4943/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening on <paramref name="address"/>:<paramref name="port"/> (0: any free port).</summary>
    public static async Task<ReplicaHttpServer> StartAsync(LocalReplica replica, IPAddress address, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(address, port);
            o.Limits.MaxRequestBodySize = null; // EnvelopeReader enforces the replica's own limits and messages
            o.AddServerHeader = false;
        });
        var app = builder.Build();
        Map(app, replica);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ReplicaHttpServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    private static void Map(WebApplication app, LocalReplica replica)
    {
        var status = new StatusEndpoint(replica);
        var call = new CallEndpoint(replica);
        var query = new QueryEndpoint(replica);
        var readState = new ReadStateEndpoint(replica);
        app.MapGet("/api/v2/status", context => Guard(context, () => status.HandleAsync(context)));
        foreach (int version in new[] { 2, 3, 4 })
        {
            int v = version;
            app.MapPost($"/api/v{v}/canister/{{ecid}}/call", (HttpContext context, string ecid) => Guard(context, () => call.HandleAsync(context, ecid, v)));
        }
        foreach (int version in new[] { 2, 3 })
        {
            app.MapPost($"/api/v{version}/canister/{{ecid}}/query", (HttpContext context, string ecid) => Guard(context, () => query.HandleAsync(context, ecid)));
            app.MapPost($"/api/v{version}/canister/{{ecid}}/read_state", (HttpContext context, string ecid) => Guard(context, () => readState.HandleAsync(context, ecid, subnet: false)));
            app.MapPost($"/api/v{version}/subnet/{{esid}}/read_state", (HttpContext context, string esid) => Guard(context, () => readState.HandleAsync(context, esid, subnet: true)));
        }
    }

    internal static async Task Guard(HttpContext context, Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (HttpErrorException e)
        {
            await WriteTextAsync(context, e.Error.Status, e.Error.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while the body is read: 408 when it arrives too slowly, 400 for a broken framing.
            await WriteTextAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (ObjectDisposedException)
        {
            await WriteTextAsync(context, 503, "The replica is shutting down.").ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a bad request must never take the server down
        catch (Exception e)
#pragma warning restore CA1031
        {
            await WriteTextAsync(context, 500, $"Unexpected error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>Writes a CBOR answer.</summary>
    public static async Task WriteCborAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/cbor";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteTextAsync(HttpContext context, int status, string text)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
