using System.Collections.Concurrent;
using System.Net;
using Icp.Replica.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Icp.Replica.PocketIc;

/// <summary>
/// A PocketIC server made of our replica: PocketIC's REST API (instances, time, calls, canister state, the blob store,
/// each instance's IC HTTP interface under <c>/instances/{id}/api/...</c>, HTTP gateways) over Kestrel, so client
/// libraries such as @dfinity/pic drive it as they drive PocketIC. What it does not serve is answered with
/// PocketIC's error shape, <c>{"message": ...}</c>, and a 4xx status.
/// </summary>
internal sealed class PocketIcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, PocketIcInstance?> _instances = new();
    private readonly ConcurrentDictionary<int, PocketIcInstance> _gateways = new();
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private readonly BlobStore _blobs = new();
    private readonly InstanceEndpoints _endpoints;
    private readonly Action<string> _log;
    private int _nextInstance;
    private int _nextGateway;
    private int _inFlight;
    private long _lastActivityTicks = Environment.TickCount64;

    private PocketIcServer(WebApplication app, Action<string> log)
    {
        _app = app;
        _log = log;
        _endpoints = new InstanceEndpoints(_blobs);
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Milliseconds since the last request ended, or 0 while one is in flight (for the TTL).</summary>
    public long IdleMilliseconds => Volatile.Read(ref _inFlight) > 0 ? 0 : Environment.TickCount64 - Interlocked.Read(ref _lastActivityTicks);

    /// <summary>Starts listening on <paramref name="address"/>:<paramref name="port"/> (0: any free port).</summary>
    /// <param name="address">The address to listen on.</param>
    /// <param name="port">The port.</param>
    /// <param name="log">Receives canister log lines.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<PocketIcServer> StartAsync(IPAddress address, int port, Action<string> log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(address, port);
            o.Limits.MaxRequestBodySize = null; // each endpoint enforces its own limit with a clear message
            o.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new PocketIcServer(app, log);
        server.Map();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(bound).Port;
        return server;
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                await next(context).ConfigureAwait(false);
                // A known path with another method: routing answers 405 with no body; PocketIC's clients expect a message.
                if (context.Response.StatusCode == 405 && !context.Response.HasStarted)
                    await PocketIcJson.WriteErrorAsync(context, 405, NotServed(context)).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _lastActivityTicks, Environment.TickCount64);
                Interlocked.Decrement(ref _inFlight);
            }
        });

        _app.MapGet("/status", context => { context.Response.StatusCode = 200; return Task.CompletedTask; });
        _app.MapGet("/instances", context => Guard(context, () => PocketIcJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartArray();
            for (int i = 0; i < Volatile.Read(ref _nextInstance); i++)
                w.WriteStringValue(_instances.TryGetValue(i, out var instance) && instance is not null ? "Available" : "Deleted");
            w.WriteEndArray();
        })));
        _app.MapPost("/instances", context => Guard(context, () => CreateInstanceAsync(context)));
        _app.MapDelete("/instances/{id}", (HttpContext context, string id) => Guard(context, () => DeleteInstanceAsync(context, id)));

        MapInstance("GET", "/_/topology", _endpoints.TopologyAsync);
        MapInstance("GET", "/read/topology", _endpoints.TopologyAsync);
        MapInstance("GET", "/read/get_time", _endpoints.GetTimeAsync);
        MapInstance("POST", "/read/query", _endpoints.QueryAsync);
        MapInstance("POST", "/read/ingress_status", _endpoints.IngressStatusAsync);
        MapInstance("POST", "/read/get_cycles", _endpoints.GetCyclesAsync);
        MapInstance("POST", "/read/get_stable_memory", _endpoints.GetStableMemoryAsync);
        MapInstance("POST", "/read/get_controllers", _endpoints.GetControllersAsync);
        MapInstance("POST", "/read/get_subnet", _endpoints.GetSubnetAsync);
        MapInstance("POST", "/read/pub_key", _endpoints.PubKeyAsync);
        MapInstance("POST", "/update/submit_ingress_message", _endpoints.SubmitAsync);
        MapInstance("POST", "/update/await_ingress_message", _endpoints.AwaitAsync);
        MapInstance("POST", "/update/execute_ingress_message", _endpoints.ExecuteAsync);
        MapInstance("POST", "/update/set_time", _endpoints.SetTimeAsync);
        MapInstance("POST", "/update/set_certified_time", _endpoints.SetTimeAsync);
        MapInstance("POST", "/update/tick", _endpoints.TickAsync);
        MapInstance("POST", "/update/add_cycles", _endpoints.AddCyclesAsync);
        MapInstance("POST", "/update/set_stable_memory", _endpoints.SetStableMemoryAsync);
        MapInstance("POST", "/auto_progress", _endpoints.StartAutoProgressAsync);
        MapInstance("GET", "/auto_progress", InstanceEndpoints.AutoProgressEnabledAsync);
        MapInstance("POST", "/stop_progress", InstanceEndpoints.StopAutoProgressAsync);
        MapIcHttpInterface();

        _app.MapPost("/blobstore", context => Guard(context, () => UploadBlobAsync(context)));
        _app.MapGet("/blobstore/{id}", (HttpContext context, string id) => Guard(context, () => DownloadBlobAsync(context, id)));
        _app.MapPost("/http_gateway", context => Guard(context, () => StartGatewayAsync(context)));
        _app.MapPost("/http_gateway/{id}/stop", (HttpContext context, string id) => Guard(context, () => StopGatewayAsync(context, id)));
        _app.MapFallback(context => PocketIcJson.WriteErrorAsync(context, 404, NotServed(context)));
    }

    private static string NotServed(HttpContext context) =>
        $"Icp.Replica's PocketIC server does not serve {context.Request.Method} {context.Request.Path}.";

    private void MapInstance(string method, string path, Func<HttpContext, PocketIcInstance, Task> handler) =>
        _app.MapMethods("/instances/{id}" + path, [method], (HttpContext context, string id) => Guard(context, () => handler(context, Instance(id))));

    // The IC HTTP interface of each instance, as PocketIC serves it under /instances/{id}/api/...; errors are the
    // replica's (status code and plain text), as agents expect.
    private void MapIcHttpInterface()
    {
        _app.MapGet("/instances/{id}/api/v2/status", (HttpContext context, string id) => ReplicaHttpServer.Guard(context, () => IcInstance(id).Status.HandleAsync(context)));
        foreach (int version in new[] { 2, 3, 4 })
        {
            int v = version;
            _app.MapPost($"/instances/{{id}}/api/v{v}/canister/{{ecid}}/call", (HttpContext context, string id, string ecid) =>
                ReplicaHttpServer.Guard(context, () => IcInstance(id).Call.HandleAsync(context, ecid, v)));
        }
        foreach (int version in new[] { 2, 3 })
        {
            _app.MapPost($"/instances/{{id}}/api/v{version}/canister/{{ecid}}/query", (HttpContext context, string id, string ecid) =>
                ReplicaHttpServer.Guard(context, () => IcInstance(id).Query.HandleAsync(context, ecid)));
            _app.MapPost($"/instances/{{id}}/api/v{version}/canister/{{ecid}}/read_state", (HttpContext context, string id, string ecid) =>
                ReplicaHttpServer.Guard(context, () => IcInstance(id).ReadState.HandleAsync(context, ecid, subnet: false)));
            _app.MapPost($"/instances/{{id}}/api/v{version}/subnet/{{esid}}/read_state", (HttpContext context, string id, string esid) =>
                ReplicaHttpServer.Guard(context, () => IcInstance(id).ReadState.HandleAsync(context, esid, subnet: true)));
        }
    }

    private PocketIcInstance IcInstance(string id)
    {
        try { return Instance(id); }
        catch (PocketIcException e) { throw new HttpErrorException(e.Status, e.Message); }
    }

    private PocketIcInstance Instance(string id)
    {
        if (!int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || !_instances.TryGetValue(n, out var instance))
            throw PocketIcException.NotFound($"Instance not found: {id}");
        return instance ?? throw PocketIcException.NotFound($"Instance {n} was deleted");
    }

    private async Task CreateInstanceAsync(HttpContext context)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        InstanceConfig config;
        try { config = InstanceConfig.Parse(body); }
        catch (PocketIcException e)
        {
            // CreateInstanceResponse::Error, which the clients read from the body.
            await PocketIcJson.WriteAsync(context, e.Status, w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("Error");
                w.WriteString("message", e.Message);
                w.WriteEndObject();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }
        PocketIcInstance instance;
        await _createLock.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            int id = _nextInstance;
            instance = await PocketIcInstance.CreateAsync(id, config, _log, context.RequestAborted).ConfigureAwait(false);
            _instances[id] = instance;
            Volatile.Write(ref _nextInstance, id + 1);
        }
        finally
        {
            _createLock.Release();
        }
        await PocketIcJson.WriteAsync(context, 201, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("Created");
            w.WriteNumber("instance_id", instance.Id);
            w.WritePropertyName("topology");
            InstanceEndpoints.WriteTopology(w, instance);
            w.WriteNull("http_gateway_info");
            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task DeleteInstanceAsync(HttpContext context, string id)
    {
        var instance = Instance(id);
        _instances[instance.Id] = null;
        foreach (var (gatewayId, target) in _gateways)
            if (target == instance) _gateways.TryRemove(gatewayId, out _);
        await instance.DisposeAsync().ConfigureAwait(false);
        await PocketIcJson.WriteNullAsync(context).ConfigureAwait(false);
    }

    private async Task UploadBlobAsync(HttpContext context)
    {
        byte[] data = await PocketIcJson.ReadBytesAsync(context.Request, BlobStore.MaxBlobBytes, context.RequestAborted).ConfigureAwait(false);
        string? encoding = context.Request.Headers.ContentEncoding;
        bool gzip = string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && !string.IsNullOrEmpty(encoding)) throw PocketIcException.BadRequest($"Bad encoding: {encoding} (expected gzip or none).");
        string id = Convert.ToHexStringLower(_blobs.Put(data, gzip));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(id, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task DownloadBlobAsync(HttpContext context, string id)
    {
        byte[] key;
        try { key = Convert.FromHexString(id); }
        catch (FormatException) { throw PocketIcException.BadRequest($"Blob id {id} is not hex."); }
        var (data, gzip) = _blobs.Get(key) ?? throw PocketIcException.NotFound($"BlobNotFound({id})");
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        if (gzip) context.Response.Headers.ContentEncoding = "gzip";
        await context.Response.Body.WriteAsync(data, context.RequestAborted).ConfigureAwait(false);
    }

    // An HTTP gateway here serves the instance's IC HTTP interface (/api/...) on a port of its own, which is what
    // agents need; it does not serve canisters' HTTP (http_request) to browsers.
    private async Task StartGatewayAsync(HttpContext context)
    {
        var body = await PocketIcJson.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var forward = PocketIcJson.Property(body, "forward_to");
        if (PocketIcJson.OptionalProperty(forward, "PocketIcInstance") is not { ValueKind: System.Text.Json.JsonValueKind.Number } target)
            throw PocketIcException.BadRequest("Icp.Replica's PocketIC server runs HTTP gateways only for its own instances ({\"forward_to\": {\"PocketIcInstance\": id}}).");
        if (PocketIcJson.OptionalProperty(body, "https_config") is not null)
            throw PocketIcException.BadRequest("Icp.Replica's PocketIC server does not serve HTTPS gateways.");
        var instance = Instance(target.GetRawText());
        var address = PocketIcJson.OptionalProperty(body, "ip_addr") is { } ip && IPAddress.TryParse(ip.GetString(), out var parsed) ? parsed : IPAddress.Loopback;
        int port = PocketIcJson.OptionalProperty(body, "port") is { } p && p.TryGetUInt16(out ushort requested) ? requested : 0;
        var gateway = await instance.StartGatewayAsync(address, port, context.RequestAborted).ConfigureAwait(false);
        int gatewayId = Interlocked.Increment(ref _nextGateway) - 1;
        _gateways[gatewayId] = instance;
        await PocketIcJson.WriteAsync(context, 201, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("Created");
            w.WriteNumber("instance_id", gatewayId);
            w.WriteNumber("port", gateway.Url.Port);
            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task StopGatewayAsync(HttpContext context, string id)
    {
        if (int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && _gateways.TryRemove(n, out var instance))
            await instance.StopGatewayAsync().ConfigureAwait(false);
        await PocketIcJson.WriteNullAsync(context).ConfigureAwait(false);
    }

    private static async Task Guard(HttpContext context, Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (PocketIcException e)
        {
            if (!context.Response.HasStarted) await PocketIcJson.WriteErrorAsync(context, e.Status, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (ObjectDisposedException)
        {
            if (!context.Response.HasStarted) await PocketIcJson.WriteErrorAsync(context, 404, "The instance was deleted.").ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a bad request must never take the server down
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!context.Response.HasStarted) await PocketIcJson.WriteErrorAsync(context, 500, $"Unexpected error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var instance in _instances.Values)
            if (instance is not null) await instance.DisposeAsync().ConfigureAwait(false);
        _instances.Clear();
        _createLock.Dispose();
    }
}
