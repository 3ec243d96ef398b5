using Icp.Candid;
using Icp.Replica.Certification;
using Icp.Replica.Http;
using Icp.Replica.Management;
using Icp.Replica.State;

namespace Icp.Replica;

/// <summary>
/// An Internet Computer replica in this process: real canister Wasm on Wasmtime, the System API, inter-canister
/// calls and the management canister, with time under the caller's control. One subnet, deterministic: the
/// same calls in the same order give the same results.
/// </summary>
/// <example>
/// <code>
/// await using var ic = await LocalReplica.StartAsync();
/// var id = await ic.CreateCanisterAsync();
/// await ic.InstallCodeAsync(id, wasm, CandidSerializer.SerializeEmpty());
/// byte[] reply = await ic.UpdateCallAsync(id, "inc", CandidSerializer.SerializeEmpty());
/// </code>
/// </example>
public sealed partial class LocalReplica : IAsyncDisposable, IDisposable
{
    private static CandidSerializerOptions ManagementOptions => Management.ManagementCandid.Options;
    private readonly ReplicaCore _core;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LocalReplicaOptions _options;
    private readonly bool _liveTime;
    private readonly CancellationTokenSource _stopping = new();
    private ReplicaHttpServer? _http;
    private StateJournal? _journal;
    private Task? _rounds;
    private long _certifiedHeight;
    private bool _disposed;

    private LocalReplica(LocalReplicaOptions options)
    {
        _options = options;
        _liveTime = options.LiveTime ?? options.HttpPort is not null;
        // The journal when there is one; else a state saved at stop by earlier versions (replica.json).
        var journaled = options.StateDirectory is { } dir ? StateJournal.Read(dir) : null;
        byte[]? seed = journaled?.KeySeed ?? (options.StateDirectory is { } legacy ? StateStore.LoadKeySeed(legacy) : null);
        Keys = ReplicaKeys.FromSeed(seed ?? options.KeySeed ?? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        _core = new ReplicaCore(options, Keys.SubnetId);
        _core.LogWritten += (id, record) => CanisterLog?.Invoke(id, record);
        try
        {
            Certifier = new ReplicaCertifier(Keys);
            _core.DataCertificates = (id, _) => Certifier.DataCertificate(_core, id);
            if (options.StateDirectory is { } directory)
            {
                if (journaled is not null) journaled.ApplyTo(_core);
                else StateStore.Load(directory, _core);
                if (_liveTime) SyncClock();
                _journal = StateJournal.Start(directory, _core, Keys.Seed, journaled?.Generation);
            }
        }
        catch
        {
            _core.Dispose();
            throw;
        }
        if (_liveTime) SyncClock();
    }

    /// <summary>
    /// Starts a replica: with no canisters, or with those saved in <see cref="LocalReplicaOptions.StateDirectory"/>; and with
    /// the HTTP interface when <see cref="LocalReplicaOptions.HttpPort"/> is set.
    /// </summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<LocalReplica> StartAsync(LocalReplicaOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var replica = new LocalReplica(options ?? new LocalReplicaOptions());
        try
        {
            if (replica._options.HttpPort is { } port)
                replica._http = await ReplicaHttpServer.StartAsync(replica, replica._options.HttpAddress, port, cancellationToken).ConfigureAwait(false);
            if (replica._liveTime) replica._rounds = replica.RunRoundsAsync();
        }
        catch
        {
            await replica.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return replica;
    }

    /// <summary>The HTTP interface's base URL (e.g. <c>http://127.0.0.1:4943/</c>), when <see cref="LocalReplicaOptions.HttpPort"/> is set.</summary>
    public Uri? Url => _http?.Url;

    /// <summary>The keys: the root key certificates chain to, the subnet and node ids.</summary>
    public ReplicaKeys Keys { get; }

    /// <summary>The DER root public key (what <c>/api/v2/status</c> reports; agents on a local network fetch it).</summary>
    public byte[] RootKeyDer => (byte[])Keys.RootKeyDer.Clone();

    /// <summary>The subnet's (and root key's) id.</summary>
    public Principal SubnetId => Keys.SubnetId;

    /// <summary>The settings the replica was started with.</summary>
    internal LocalReplicaOptions Options => _options;

    /// <summary>Builds and signs certificates.</summary>
    internal ReplicaCertifier Certifier { get; }

    /// <summary>How many certified states were handed out (reported as <c>certified_height</c>).</summary>
    internal ulong CertifiedHeight => (ulong)Interlocked.Read(ref _certifiedHeight);

    /// <summary>A certificate of <paramref name="paths"/> (and <c>/time</c>) of the state now, CBOR, signed with the root key.</summary>
    /// <param name="paths">The paths, each a list of labels.</param>
    /// <param name="cancellationToken">Cancels waiting for the replica.</param>
    public async Task<byte[]> CertifyAsync(IEnumerable<IReadOnlyList<byte[]>> paths, CancellationToken cancellationToken = default)
    {
        var witness = await RunAsync(core => Certifier.Witness(core, paths), cancellationToken).ConfigureAwait(false);
        return Certifier.Certify(witness);
    }

    /// <summary>
    /// Writes the whole state to <see cref="LocalReplicaOptions.StateDirectory"/> as a new journal generation now. Not
    /// needed for durability: every round that changes something is journaled before its answers leave.
    /// </summary>
    /// <exception cref="InvalidOperationException">No state directory is set.</exception>
    public Task SaveStateAsync(CancellationToken cancellationToken = default)
    {
        if (_options.StateDirectory is null) throw new InvalidOperationException("LocalReplicaOptions.StateDirectory is not set");
        return RunAsync(core => { _journal!.Checkpoint(core); return 0; }, cancellationToken);
    }

    /// <summary>
    /// Journals what the round just run changed (with a state directory), under the lock and before the round's
    /// answers are released, so an answered call survives a crash.
    /// </summary>
    private void Persist() => _journal?.Commit(_core);

    /// <summary>Runs <paramref name="action"/> on the core under the replica's lock, with the clock brought up to date in live mode.</summary>
    internal async Task<T> RunAsync<T>(Func<ReplicaCore, T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_liveTime) SyncClock();
            Interlocked.Increment(ref _certifiedHeight);
            try
            {
                return action(_core);
            }
            finally
            {
                Persist();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called as an untrusted argument starts decoding (tests use it to show that no lock is held then).</summary>
    internal Action<Principal, string>? ArgumentDecoding { get; set; }

    /// <summary>
    /// Decodes the argument of a call to a method the replica serves itself. Callers do this before they take the
    /// lock: the argument comes from outside, and its decoding must not hold up other requests.
    /// </summary>
    internal DecodedArgument? DecodeArgument(Principal receiver, string method, byte[] arg)
    {
        ArgumentDecoding?.Invoke(receiver, method);
        return DecodedArgument.Decode(receiver, method, arg);
    }

    /// <summary>The replica's time for validating a request: the wall clock in live mode, else the replica's clock.</summary>
    internal ulong NowNanos() => _liveTime ? Math.Max(_core.TimeNanos, IcTime.ToNanoseconds(DateTimeOffset.UtcNow)) : _core.TimeNanos;

    private void SyncClock()
    {
        ulong now = IcTime.ToNanoseconds(DateTimeOffset.UtcNow);
        if (now > _core.TimeNanos) _core.TimeNanos = now;
    }

    // In live mode, rounds run by themselves so timers and heartbeats fire.
    private async Task RunRoundsAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _stopping.Token).ConfigureAwait(false);
                await _gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
                try
                {
                    if (_disposed) return;
                    SyncClock();
                    try { _core.Tick(); }
                    finally { Persist(); }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Raised for every line a canister logs: <c>ic0.debug_print</c> output and trap messages.</summary>
    public event Action<Principal, CanisterLogRecord>? CanisterLog;

    /// <summary>The replica's current time (what canisters see through <c>ic0.time</c>).</summary>
    public DateTimeOffset Time => IcTime.ToDateTimeOffset(_core.TimeNanos);

    /// <summary>The replica's current time in nanoseconds since the Unix epoch.</summary>
    public ulong TimeNanos => _core.TimeNanos;

    /// <summary>Ids of the canisters that exist, in order.</summary>
    public IReadOnlyList<Principal> CanisterIds => Locked(() => _core.Canisters.Keys.ToList());

    /// <summary>Creates an empty canister through the management canister's <c>provisional_create_canister_with_cycles</c>.</summary>
    /// <param name="controller">Its controller and the caller of the creation; the anonymous principal when null (as PocketIC does).</param>
    /// <param name="cycles">Its cycles; <see cref="LocalReplicaOptions.DefaultCanisterCycles"/> when null.</param>
    /// <param name="cancellationToken">Cancels waiting for the replica.</param>
    public async Task<Principal> CreateCanisterAsync(Principal? controller = null, UInt128? cycles = null, CancellationToken cancellationToken = default)
    {
        var args = new ProvisionalCreateCanisterArgs { Amount = cycles is { } c ? (Nat)(System.Numerics.BigInteger)c : null };
        byte[] reply = await UpdateCallAsync(Principal.ManagementCanister, "provisional_create_canister_with_cycles",
            CandidSerializer.Serialize(args, ManagementOptions), controller, cancellationToken).ConfigureAwait(false);
        return CandidSerializer.Deserialize<CanisterIdRecord>(reply, ManagementOptions).CanisterId;
    }

    /// <summary>Installs, reinstalls or upgrades a canister's code through the management canister's <c>install_code</c>.</summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="wasm">The module (plain or gzip-compressed Wasm).</param>
    /// <param name="arg">The init (or post-upgrade) argument, usually a Candid message.</param>
    /// <param name="mode">Install, reinstall or upgrade.</param>
    /// <param name="sender">The caller, who must be a controller; anonymous when null.</param>
    /// <param name="keepMainMemory">For upgrades: keep main memory (<c>wasm_memory_persistence = opt keep</c>). When null,
    /// keeps it exactly when the new module uses Motoko's enhanced orthogonal persistence, as dfx does.</param>
    /// <param name="cancellationToken">Cancels waiting for the replica.</param>
    /// <exception cref="CallRejectedException">The module is invalid, the sender is not a controller, or init/upgrade trapped.</exception>
    public async Task InstallCodeAsync(Principal canisterId, byte[] wasm, byte[] arg, InstallCodeMode mode = InstallCodeMode.Install,
        Principal? sender = null, bool? keepMainMemory = null, CancellationToken cancellationToken = default)
    {
        InstallModeArg modeArg = mode switch
        {
            InstallCodeMode.Install => new InstallModeArg.Install(),
            InstallCodeMode.Reinstall => new InstallModeArg.Reinstall(),
            _ => new InstallModeArg.Upgrade(new UpgradeFlags
            {
                WasmMemoryPersistence = (keepMainMemory ?? UsesEnhancedOrthogonalPersistence(wasm)) ? WasmMemoryPersistence.Keep : null,
            }),
        };
        var args = new InstallCodeArgs { Mode = modeArg, CanisterId = canisterId, WasmModule = wasm, Arg = arg };
        await UpdateCallAsync(Principal.ManagementCanister, "install_code", CandidSerializer.Serialize(args, ManagementOptions), sender, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when a module carries Motoko's enhanced orthogonal persistence marker.</summary>
    /// <param name="wasm">The module.</param>
    public static bool UsesEnhancedOrthogonalPersistence(byte[] wasm)
    {
        try
        {
            var sections = Wasm.WasmBinary.Parse(wasm).CustomSections;
            return sections.ContainsKey("icp:private enhanced-orthogonal-persistence") || sections.ContainsKey("icp:public enhanced-orthogonal-persistence");
        }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Makes an update call (an ingress message) and runs the replica until it is answered, including every
    /// inter-canister call it causes.
    /// </summary>
    /// <param name="canisterId">The canister, or <see cref="Principal.ManagementCanister"/>.</param>
    /// <param name="method">The method name.</param>
    /// <param name="arg">The argument (a Candid message for Candid methods).</param>
    /// <param name="sender">The caller; anonymous when null.</param>
    /// <param name="cancellationToken">Cancels waiting for the replica.</param>
    /// <returns>The reply data.</returns>
    /// <exception cref="CallRejectedException">The call was rejected (by the canister, a trap, or the replica).</exception>
    public Task<byte[]> UpdateCallAsync(Principal canisterId, string method, byte[] arg, Principal? sender = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var decoded = CheckedArgument(canisterId, method, arg);
            Func<ReplicaCore, Response> execute = core => core.CallFromIngress(sender ?? Principal.Anonymous, canisterId, method, arg, decoded);
            // An idle replica runs the round on this thread: no queue hop and no state machines (the usual in-process
            // case); otherwise concurrent callers share a round and its one journal commit.
            if (TryRunInRoundNow(execute, static (_, response) => response, cancellationToken) is { } done)
                return done.IsCompletedSuccessfully ? Task.FromResult(Unwrap(done.Result)) : UnwrapAsync(done);
            return UnwrapAsync(RunInRoundAsync(execute, static (_, response) => response, cancellationToken));
        }
        catch (Exception e)
        {
            return Task.FromException<byte[]>(e); // as from an async method: the task carries the error
        }
    }

    /// <summary>The call's arguments checked for null and its argument decoded, as both kinds of call start.</summary>
    private DecodedArgument? CheckedArgument(Principal canisterId, string method, byte[] arg)
    {
        ArgumentNullException.ThrowIfNull(canisterId);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arg);
        return DecodeArgument(canisterId, method, arg);
    }

    private static async Task<byte[]> UnwrapAsync(Task<Response> response) => Unwrap(await response.ConfigureAwait(false));

    /// <summary>Makes a query call: runs a query (or composite query) method; nothing it changes is kept.</summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="method">The method name.</param>
    /// <param name="arg">The argument.</param>
    /// <param name="sender">The caller; anonymous when null.</param>
    /// <param name="cancellationToken">Cancels waiting for the replica.</param>
    /// <returns>The reply data.</returns>
    /// <exception cref="CallRejectedException">The query was rejected or trapped.</exception>
    public Task<byte[]> QueryCallAsync(Principal canisterId, string method, byte[] arg, Principal? sender = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var decoded = CheckedArgument(canisterId, method, arg);
            // An idle replica answers on this thread, without a state machine; a busy one is waited for.
            if (cancellationToken.IsCancellationRequested || !_gate.Wait(0)) return QueryWhenFreeAsync(canisterId, method, arg, sender, decoded, cancellationToken);
            try
            {
                return Task.FromResult(QueryLocked(canisterId, method, arg, sender, decoded));
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e)
        {
            return Task.FromException<byte[]>(e); // as from an async method: the task carries the error
        }
    }

    private async Task<byte[]> QueryWhenFreeAsync(Principal canisterId, string method, byte[] arg, Principal? sender, DecodedArgument? decoded, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return QueryLocked(canisterId, method, arg, sender, decoded);
        }
        finally
        {
            _gate.Release();
        }
    }

    private byte[] QueryLocked(Principal canisterId, string method, byte[] arg, Principal? sender, DecodedArgument? decoded)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Unwrap(_core.Query(sender ?? Principal.Anonymous, canisterId, method, arg, decoded: decoded));
    }

    private static byte[] Unwrap(Response response) =>
        response.Reply ?? throw new CallRejectedException(response.Code, response.Message, response.ErrorCode);

    /// <summary>Moves the clock forward, then runs one round (<see cref="Tick"/>) so due timers fire.</summary>
    /// <param name="by">How far; must not be negative.</param>
    public void AdvanceTime(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Locked(() =>
        {
            _core.TimeNanos += IcTime.ToNanoseconds(by);
            try { _core.Tick(); }
            finally { Persist(); }
        });
    }

    /// <summary>Sets the clock without running anything. Time on the IC never goes backwards, so neither may this.</summary>
    /// <param name="time">The new time, not earlier than <see cref="Time"/>.</param>
    public void SetTime(DateTimeOffset time)
    {
        ulong nanos = IcTime.ToNanoseconds(time);
        Locked(() =>
        {
            if (nanos < _core.TimeNanos) throw new ArgumentOutOfRangeException(nameof(time), time, "replica time cannot go backwards");
            _core.TimeNanos = nanos;
        });
    }

    /// <summary>Runs rounds: each fires due global timers and heartbeats and executes every queued message.</summary>
    /// <param name="rounds">How many rounds.</param>
    public void Tick(int rounds = 1)
    {
        for (int i = 0; i < rounds; i++)
            Locked(() =>
            {
                try { _core.Tick(); }
                finally { Persist(); }
            });
    }

    /// <summary>A canister's log: its debug prints and traps, oldest first.</summary>
    /// <param name="canisterId">The canister.</param>
    public IReadOnlyList<CanisterLogRecord> GetCanisterLog(Principal canisterId) => Locked(() => Require(canisterId).Log.ToList());

    /// <summary>A canister's certified data (what <c>ic0.certified_data_set</c> last stored).</summary>
    /// <param name="canisterId">The canister.</param>
    public byte[] GetCertifiedData(Principal canisterId) => Locked(() => Require(canisterId).CertifiedData.ToArray());

    /// <summary>A canister's cycle balance.</summary>
    /// <param name="canisterId">The canister.</param>
    public UInt128 GetCycleBalance(Principal canisterId) => Locked(() => Require(canisterId).Cycles);

    /// <summary>A canister's run status.</summary>
    /// <param name="canisterId">The canister.</param>
    public CanisterRunStatus GetStatus(Principal canisterId) => Locked(() => Require(canisterId).Status);

    /// <summary>True when a canister with this id exists.</summary>
    /// <param name="canisterId">The canister.</param>
    public bool CanisterExists(Principal canisterId) => Locked(() => _core.Find(canisterId) is not null);

    /// <summary>The SHA-256 of the canister's installed module, or null when it is empty.</summary>
    /// <param name="canisterId">The canister.</param>
    public byte[]? GetModuleHash(Principal canisterId) => Locked(() => Require(canisterId).Code?.ModuleHash.ToArray());

    private CanisterState Require(Principal id) =>
        _core.Find(id) ?? throw new CallRejectedException(RejectCode.DestinationInvalid, $"Canister {id} not found", ErrorCodes.CanisterNotFound);

    private T Locked<T>(Func<T> action)
    {
        _gate.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return action();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Locked(Action action) => Locked(() => { action(); return 0; });

    /// <summary>Internal access for tests and the coming HTTP layer.</summary>
    internal ReplicaCore Core => _core;

    /// <summary>Stops the replica: the HTTP server and background rounds stop, and the state journal is compacted when a state directory is set.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (_http is { } http)
        {
            _http = null;
            await http.DisposeAsync().ConfigureAwait(false);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_rounds is { } rounds) await rounds.ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                // A clean stop compacts: the next start reads one full record. Every round is already durable in the
                // journal, so a stop whose compaction cannot be written (the directory gone, a full disk) loses
                // nothing, and disposing must not throw for it; the next start compacts instead.
                try { _journal?.Checkpoint(_core); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
            finally
            {
                _journal?.Dispose();
                _core.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
