using System.Security.Cryptography;
using System.Text.Json;
using Icp.Candid;
using Icp.Replica.Http;
using Icp.Replica.State;

namespace Icp.Replica.PocketIc;

/// <summary>
/// One PocketIC instance: a <see cref="LocalReplica"/> with a manual clock, the subnet it plays, the IC HTTP
/// interface endpoints bound to it, auto progress and an HTTP gateway when asked for. Ingress messages submitted
/// through the REST API wait in the queue until they are awaited or a round runs, as in PocketIC.
/// </summary>
internal sealed class PocketIcInstance : IAsyncDisposable
{
    private readonly object _progressLock = new();
    private readonly SemaphoreSlim _gatewayLock = new(1, 1);
    private CancellationTokenSource? _progress;
    private Task? _progressLoop;
    private ulong _nextMessage;

    private PocketIcInstance(int id, LocalReplica replica, PocketIcSubnet subnet)
    {
        Id = id;
        Replica = replica;
        Subnet = subnet;
        Status = new StatusEndpoint(replica);
        Call = new CallEndpoint(replica);
        Query = new QueryEndpoint(replica);
        ReadState = new ReadStateEndpoint(replica);
    }

    /// <summary>The instance id (its place in <c>GET /instances</c>).</summary>
    public int Id { get; }

    /// <summary>The replica that runs the instance.</summary>
    public LocalReplica Replica { get; }

    /// <summary>The subnet the instance plays.</summary>
    public PocketIcSubnet Subnet { get; }

    /// <summary><c>/api/v2/status</c> of the instance.</summary>
    public StatusEndpoint Status { get; }

    /// <summary>The call endpoints (v2, v3, v4) of the instance.</summary>
    public CallEndpoint Call { get; }

    /// <summary>The query endpoints of the instance.</summary>
    public QueryEndpoint Query { get; }

    /// <summary>The read_state endpoints of the instance.</summary>
    public ReadStateEndpoint ReadState { get; }

    /// <summary>The HTTP gateway serving this instance on its own port, once started.</summary>
    public ReplicaHttpServer? Gateway { get; private set; }

    /// <summary>True while auto progress runs.</summary>
    public bool AutoProgress
    {
        get { lock (_progressLock) return _progress is not null; }
    }

    /// <summary>Creates an instance; canister logs go to <paramref name="log"/>.</summary>
    public static async Task<PocketIcInstance> CreateAsync(int id, InstanceConfig config, Action<string> log, CancellationToken cancellationToken)
    {
        var options = new LocalReplicaOptions
        {
            InitialTime = config.InitialTimeNanos is { } nanos ? DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100)) : DateTimeOffset.UtcNow,
            FirstCanisterId = config.Subnet.FirstAllocatedIndex,
            LiveTime = false,
            ModuleCacheDirectory = Execution.ModuleCache.DefaultDirectory(),
            InstructionLimit = config.Subnet.Benchmarking ? 1_000_000_000_000_000 : 40_000_000_000,
            QueryInstructionLimit = config.Subnet.Benchmarking ? 1_000_000_000_000_000 : 5_000_000_000,
            ChargeCycles = config.Subnet.ChargesCycles,
        };
        var replica = await LocalReplica.StartAsync(options, cancellationToken).ConfigureAwait(false);
        replica.CanisterLog += (canister, record) => log($"[Canister {canister}] {record.Text}");
        var instance = new PocketIcInstance(id, replica, config.Subnet);
        if (config.InitialTimeNanos is { } exact) await instance.RunAsync(core => core.TimeNanos = exact, cancellationToken).ConfigureAwait(false);
        if (config.AutoProgressDelayMs is { } delay) instance.StartAutoProgress(delay);
        return instance;
    }

    /// <summary>Runs <paramref name="action"/> on the replica's state under its lock.</summary>
    public Task<T> RunAsync<T>(Func<ReplicaCore, T> action, CancellationToken cancellationToken) => Replica.RunAsync(action, cancellationToken);

    /// <summary>Sets the time (never backwards; the same time is no change), as PocketIC's set_time and set_certified_time.</summary>
    public Task SetTimeAsync(ulong nanos, CancellationToken cancellationToken) => RunAsync(core =>
    {
        if (nanos < core.TimeNanos) throw PocketIcException.BadRequest($"SettingTimeIntoPast(({core.TimeNanos}, {nanos}))");
        core.TimeNanos = nanos;
        return 0;
    }, cancellationToken);

    /// <summary>Checks the effective principal of a call: a subnet id must be this instance's subnet.</summary>
    public void CheckEffectivePrincipal(EffectivePrincipal effective)
    {
        if (effective.SubnetId is { } subnet && subnet != Replica.SubnetId)
            throw PocketIcException.BadRequest($"SubnetNotFound({subnet})");
    }

    /// <summary>
    /// Submits an ingress message without executing it: the ingress filter (canister, method, status,
    /// <c>canister_inspect_message</c>) runs now; a refusal is the returned reject. Returns the message id otherwise.
    /// </summary>
    public Task<(byte[]? MessageId, Response? Refusal)> SubmitAsync(CanisterCall call, CancellationToken cancellationToken) => RunAsync(core =>
    {
        if (core.FilterIngress(call.Sender, call.CanisterId, call.Method, call.Payload) is { } refused) return (null, refused);
        byte[] messageId = SHA256.HashData([.. BitConverter.GetBytes(Id), .. BitConverter.GetBytes(++_nextMessage), .. call.Sender.Bytes, .. call.CanisterId.Bytes]);
        string key = Convert.ToHexStringLower(messageId);
        ulong expiry = core.TimeNanos + (ulong)TimeSpan.FromMinutes(5).Ticks * 100;
        core.Requests.Register(key, new IngressInfo(call.Sender, call.CanisterId, expiry));
        core.SubmitIngress(call.Sender, call.CanisterId, call.Method, call.Payload, key, execute: false);
        return ((byte[]?)messageId, (Response?)null);
    }, cancellationToken);

    /// <summary>Runs the queue until the message is answered and returns its response.</summary>
    /// <exception cref="PocketIcException">The message id is unknown, or the message did not complete.</exception>
    public Task<Response> AwaitAsync(byte[] messageId, CancellationToken cancellationToken) => RunAsync(core =>
    {
        string key = Convert.ToHexStringLower(messageId);
        if (core.Requests.Get(key) is null) throw PocketIcException.BadRequest($"IngressMessageNotFound: no ingress message with id {key} was submitted to instance {Id}.");
        core.RunUntilIdle();
        var status = core.Requests.Get(key);
        return status?.Response is { } response && status.State is RequestState.Replied or RequestState.Rejected
            ? response
            : throw PocketIcException.BadRequest($"The ingress message {key} did not complete: it is waiting for something this replica does not produce.");
    }, cancellationToken);

    /// <summary>The response of a message when it is done; null while it is not (or unknown).</summary>
    /// <exception cref="PocketIcException">A caller is given and is not the message's sender.</exception>
    public Task<Response?> IngressStatusAsync(byte[] messageId, Principal? caller, CancellationToken cancellationToken) => RunAsync(core =>
    {
        string key = Convert.ToHexStringLower(messageId);
        if (caller is not null && core.Requests.GetIngress(key) is { } info && info.Sender != caller)
            throw PocketIcException.BadRequest($"Forbidden: the ingress message {key} was sent by {info.Sender}, not by {caller}.");
        var status = core.Requests.Get(key);
        return status?.State is RequestState.Replied or RequestState.Rejected ? status.Response : null;
    }, cancellationToken);

    /// <summary>A canister that must exist.</summary>
    public static CanisterState Require(ReplicaCore core, Principal canisterId) =>
        core.Find(canisterId) ?? throw PocketIcException.BadRequest($"CanisterNotFound({canisterId})");

    /// <summary>Starts rounds that follow the wall clock (time is set to now when later, then a round runs).</summary>
    /// <param name="artificialDelayMs">Delay between rounds; at least 50 ms here, so an idle instance does not spin.</param>
    public void StartAutoProgress(ulong artificialDelayMs)
    {
        lock (_progressLock)
        {
            if (_progress is not null) return;
            _progress = new CancellationTokenSource();
            var token = _progress.Token;
            var delay = TimeSpan.FromMilliseconds(Math.Max(50, Math.Min(artificialDelayMs, 60_000)));
            _progressLoop = Task.Run(() => ProgressAsync(delay, token), CancellationToken.None);
        }
    }

    private async Task ProgressAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                await RunAsync(core =>
                {
                    ulong now = Icp.Candid.IcTime.ToNanoseconds(DateTimeOffset.UtcNow);
                    if (now > core.TimeNanos) core.TimeNanos = now;
                    core.Tick();
                    return 0;
                }, token).ConfigureAwait(false);
                await Task.Delay(delay, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        catch (ObjectDisposedException)
        {
            // the instance was deleted
        }
    }

    /// <summary>Stops auto progress (no change when it is not running).</summary>
    public async Task StopAutoProgressAsync()
    {
        CancellationTokenSource? progress;
        Task? loop;
        lock (_progressLock)
        {
            progress = _progress;
            loop = _progressLoop;
            _progress = null;
            _progressLoop = null;
        }
        if (progress is null) return;
        await progress.CancelAsync().ConfigureAwait(false);
        if (loop is not null) await loop.ConfigureAwait(false);
        progress.Dispose();
    }

    /// <summary>Starts the HTTP gateway: the IC HTTP interface of this instance on a port of its own.</summary>
    public async Task<ReplicaHttpServer> StartGatewayAsync(System.Net.IPAddress address, int port, CancellationToken cancellationToken)
    {
        await _gatewayLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Gateway ??= await ReplicaHttpServer.StartAsync(Replica, address, port, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gatewayLock.Release();
        }
    }

    /// <summary>Stops the HTTP gateway, if any.</summary>
    public async Task StopGatewayAsync()
    {
        await _gatewayLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Gateway is not { } gateway) return;
            Gateway = null;
            await gateway.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gatewayLock.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAutoProgressAsync().ConfigureAwait(false);
        await StopGatewayAsync().ConfigureAwait(false);
        await Replica.DisposeAsync().ConfigureAwait(false);
        _gatewayLock.Dispose();
    }
}

/// <summary>A call as the REST API describes it (PocketIC's RawCanisterCall).</summary>
/// <param name="Sender">The caller.</param>
/// <param name="CanisterId">The callee.</param>
/// <param name="Method">The method.</param>
/// <param name="Payload">The argument.</param>
/// <param name="Effective">The effective principal.</param>
internal sealed record CanisterCall(Principal Sender, Principal CanisterId, string Method, byte[] Payload, EffectivePrincipal Effective)
{
    /// <summary>Reads <c>{sender, canister_id, method, payload, effective_principal}</c>.</summary>
    public static CanisterCall Parse(JsonElement body) => new(
        PocketIcJson.PrincipalProperty(body, "sender"),
        PocketIcJson.PrincipalProperty(body, "canister_id"),
        PocketIcJson.String(body, "method"),
        PocketIcJson.Base64(body, "payload"),
        EffectivePrincipal.Parse(PocketIcJson.OptionalProperty(body, "effective_principal")));
}

/// <summary>PocketIC's RawEffectivePrincipal: <c>"None"</c>, <c>{"SubnetId": base64}</c> or <c>{"CanisterId": base64}</c>.</summary>
/// <param name="SubnetId">The subnet, when given.</param>
/// <param name="CanisterId">The canister, when given.</param>
internal sealed record EffectivePrincipal(Principal? SubnetId, Principal? CanisterId)
{
    /// <summary>No effective principal.</summary>
    public static EffectivePrincipal None { get; } = new(null, null);

    /// <summary>Reads the JSON form; absent is <see cref="None"/>.</summary>
    public static EffectivePrincipal Parse(JsonElement? value)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.String && v.GetString() == "None") return None;
        if (PocketIcJson.OptionalProperty(v, "SubnetId") is { } subnet) return new(PocketIcJson.PrincipalValue(subnet, "SubnetId"), null);
        if (PocketIcJson.OptionalProperty(v, "CanisterId") is { } canister) return new(null, PocketIcJson.PrincipalValue(canister, "CanisterId"));
        throw PocketIcException.BadRequest("Field `effective_principal` must be \"None\", {\"SubnetId\": ...} or {\"CanisterId\": ...}.");
    }

    /// <summary>Writes the JSON form.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        if (SubnetId is { } subnet) PocketIcJson.WriteBase64Object(writer, "SubnetId", subnet.Bytes);
        else if (CanisterId is { } canister) PocketIcJson.WriteBase64Object(writer, "CanisterId", canister.Bytes);
        else writer.WriteStringValue("None");
    }
}
