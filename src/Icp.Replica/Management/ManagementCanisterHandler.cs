using System.Security.Cryptography;
using Icp.Candid;
using Icp.Replica.State;

namespace Icp.Replica.Management;

/// <summary>
/// The management canister <c>aaaaa-aa</c>: canister lifecycle, settings and randomness, with arguments and
/// replies in Candid exactly as ic.did types them. Its calls run at once, as one message each (stop_canister
/// answers when the canister has stopped).
/// </summary>
internal sealed class ManagementCanisterHandler(ReplicaCore replica)
{
    private static CandidSerializerOptions Candid => ManagementCandid.Options;
    private ulong _randomCounter;

    public void Execute(CallRequest request, Action<Response> respond)
    {
        try
        {
            if (Handle(request, respond) is { } reply) respond(Response.Replied(reply, request.Cycles));
        }
        catch (DepositedException e)
        {
            respond(Response.Replied(e.Reply));
        }
        catch (CallRejectedException e)
        {
            respond(Response.Rejected(e.RejectCode, e.RejectMessage, e.ErrorCode, request.Cycles));
        }
        catch (Exception e) when (e is CandidDecodeException or CandidTypeException)
        {
            respond(Response.Rejected(RejectCode.CanisterReject, $"Error decoding candid: {e.Message}", "IC0406", request.Cycles));
        }
    }

    /// <summary>
    /// A query to the management canister: the methods ic.did marks <c>query</c> and this replica serves
    /// (<c>canister_status</c>). They read state only, with the same controller checks as the update form.
    /// </summary>
    public Response Query(Principal sender, string method, byte[] arg, DecodedArgument? decoded = null)
    {
        var request = new CallRequest(sender, Principal.ManagementCanister, method, arg, 0, new SystemOrigin(), 0) { Decoded = decoded };
        try
        {
            return method switch
            {
                "canister_status" => Response.Replied(Status(request)),
                _ => Response.Rejected(RejectCode.DestinationInvalid, $"Management canister has no query method '{method}'", ErrorCodes.CanisterMethodNotFound),
            };
        }
        catch (CallRejectedException e)
        {
            return Response.Rejected(e.RejectCode, e.RejectMessage, e.ErrorCode);
        }
        catch (Exception e) when (e is CandidDecodeException or CandidTypeException)
        {
            return Response.Rejected(RejectCode.CanisterReject, $"Error decoding candid: {e.Message}", "IC0406");
        }
    }

    /// <summary>Runs a method; returns the reply, or null when the reply is sent later through <paramref name="respond"/>.</summary>
    private byte[]? Handle(CallRequest r, Action<Response> respond) => r.Method switch
    {
        "create_canister" => CreateCanister(r),
        "provisional_create_canister_with_cycles" => ProvisionalCreate(r),
        "provisional_top_up_canister" => TopUp(r),
        "deposit_cycles" => DepositCycles(r),
        "install_code" => InstallCode(r),
        "install_chunked_code" => InstallChunkedCode(r),
        "uninstall_code" => Uninstall(r),
        "upload_chunk" => UploadChunk(r),
        "clear_chunk_store" => ClearChunkStore(r),
        "stored_chunks" => StoredChunks(r),
        "update_settings" => UpdateSettings(r),
        "start_canister" => Start(r),
        "stop_canister" => Stop(r, respond),
        "canister_status" => Status(r),
        "delete_canister" => Delete(r),
        "raw_rand" => RawRand(),
        _ => throw new CallRejectedException(RejectCode.DestinationInvalid, $"Management canister has no method '{r.Method}'", ErrorCodes.CanisterMethodNotFound),
    };

    private static T Arg<T>(CallRequest r) => DecodedArgument.Get<T>(r.Decoded, r.Arg, Candid);

    private static byte[] Reply<T>(T value) => CandidSerializer.Serialize(value, Candid);

    private static readonly byte[] Empty = CandidSerializer.SerializeEmpty();

    private CanisterState Lookup(Principal id) => replica.Find(id)
        ?? throw new CallRejectedException(RejectCode.DestinationInvalid, $"Canister {id} not found", ErrorCodes.CanisterNotFound);

    private CanisterState Controlled(Principal id, Principal sender)
    {
        var canister = Lookup(id);
        if (!canister.Controllers.Contains(sender))
            throw new CallRejectedException(RejectCode.CanisterError,
                $"Only the controllers of the canister {id} can control it.\nCanister's controllers: {string.Join(" ", canister.Controllers)}\nSender's ID: {sender}",
                ErrorCodes.CanisterInvalidController);
        return canister;
    }

    private byte[] CreateCanister(CallRequest r)
    {
        var args = r.Arg.Length == 0 ? new CreateCanisterArgs() : Arg<CreateCanisterArgs>(r);
        // A canister pays the creation fee from the cycles it attached and the rest is the new canister's balance; a user
        // (allowed on a local replica) gets the default amount.
        bool fromCanister = replica.Find(r.Sender) is not null;
        UInt128 fee = replica.Accounting.Charges ? Cycles.CyclesRates.CanisterCreation : 0;
        if (fromCanister && r.Cycles < fee)
            throw new CallRejectedException(RejectCode.CanisterReject,
                $"Creating a canister requires a fee of {Cycles.CyclesAccounting.Format(Cycles.CyclesRates.CanisterCreation)} that is deducted from the canister's initial balance but only {Cycles.CyclesAccounting.Format(r.Cycles)} cycles were received with the create_canister request.",
                ErrorCodes.InsufficientCyclesForCreateCanister);
        UInt128 cycles = fromCanister ? r.Cycles - fee : replica.Options.DefaultCanisterCycles;
        var canister = Create(r.Sender, args.Settings, cycles, null);
        return Reply(new CanisterIdRecord { CanisterId = canister.Id });
    }

    private byte[] ProvisionalCreate(CallRequest r)
    {
        var args = r.Arg.Length == 0 ? new ProvisionalCreateCanisterArgs() : Arg<ProvisionalCreateCanisterArgs>(r);
        UInt128 cycles = args.Amount is { } amount ? (UInt128)amount.Value : replica.Options.DefaultCanisterCycles;
        var canister = Create(r.Sender, args.Settings, cycles, args.SpecifiedId);
        return Reply(new CanisterIdRecord { CanisterId = canister.Id });
    }

    /// <summary>Creates a canister for <paramref name="sender"/> (its controller unless the settings name others).</summary>
    internal CanisterState Create(Principal sender, CanisterSettings? settings, UInt128 cycles, Principal? specifiedId)
    {
        var controllers = settings?.Controllers ?? [sender];
        if (controllers.Length > 10) throw new CallRejectedException(RejectCode.CanisterReject, "A canister can have at most 10 controllers.", "IC0406");
        var canister = replica.CreateCanister(controllers, cycles, specifiedId);
        if (settings is not null) Apply(canister, settings);
        return canister;
    }

    private static void Apply(CanisterState canister, CanisterSettings settings)
    {
        if (settings.Controllers is { } controllers)
        {
            if (controllers.Length > 10) throw new CallRejectedException(RejectCode.CanisterReject, "A canister can have at most 10 controllers.", "IC0406");
            canister.Controllers = controllers.Distinct().ToList();
        }
        var s = canister.Settings;
        if (settings.ComputeAllocation is { } compute)
        {
            if (compute.Value > 100) throw new CallRejectedException(RejectCode.CanisterReject, "compute_allocation must be between 0 and 100", "IC0406");
            s.ComputeAllocation = compute.Value;
        }
        if (settings.MemoryAllocation is { } memory) s.MemoryAllocation = memory.Value;
        if (settings.FreezingThreshold is { } freezing) s.FreezingThreshold = freezing.Value;
        if (settings.ReservedCyclesLimit is { } reserved) s.ReservedCyclesLimit = reserved.Value;
        if (settings.WasmMemoryLimit is { } limit) s.WasmMemoryLimit = limit.Value;
        if (settings.WasmMemoryThreshold is { } threshold) s.WasmMemoryThreshold = threshold.Value;
        if (settings.MinimumIncomingCanisterCallCycles is { } minimum) s.MinimumIncomingCanisterCallCycles = minimum.Value;
    }

    private byte[] TopUp(CallRequest r)
    {
        var args = Arg<ProvisionalTopUpArgs>(r);
        Lookup(args.CanisterId).Cycles += (UInt128)args.Amount.Value;
        return Empty;
    }

    private byte[] DepositCycles(CallRequest r)
    {
        var args = Arg<CanisterIdRecord>(r);
        Lookup(args.CanisterId).Cycles += r.Cycles;
        // Everything attached was deposited: nothing to refund.
        throw new DepositedException(Empty);
    }

    private byte[] InstallCode(CallRequest r)
    {
        var args = Arg<InstallCodeArgs>(r);
        var canister = Controlled(args.CanisterId, r.Sender);
        Install(canister, args.Mode, args.WasmModule, args.Arg, r.Sender);
        return Empty;
    }

    private void Install(CanisterState canister, InstallModeArg mode, byte[] wasm, byte[] arg, Principal sender)
    {
        switch (mode)
        {
            case InstallModeArg.Install:
                replica.InstallCode(canister, wasm, arg, InstallCodeMode.Install, sender);
                break;
            case InstallModeArg.Reinstall:
                replica.InstallCode(canister, wasm, arg, InstallCodeMode.Reinstall, sender);
                break;
            case InstallModeArg.Upgrade upgrade:
                replica.InstallCode(canister, wasm, arg, InstallCodeMode.Upgrade, sender,
                    skipPreUpgrade: upgrade.Value?.SkipPreUpgrade ?? false,
                    keepMainMemory: upgrade.Value?.WasmMemoryPersistence == WasmMemoryPersistence.Keep);
                break;
        }
    }

    private byte[] InstallChunkedCode(CallRequest r)
    {
        var args = Arg<InstallChunkedCodeArgs>(r);
        var target = Controlled(args.TargetCanister, r.Sender);
        var store = args.StoreCanister is { } storeId ? Controlled(storeId, r.Sender) : target;
        using var wasm = new MemoryStream();
        foreach (var chunk in args.ChunkHashesList)
        {
            string key = Convert.ToHexStringLower(chunk.Hash);
            if (!store.Chunks.TryGetValue(key, out var bytes))
                throw new CallRejectedException(RejectCode.CanisterReject, $"Chunk with hash {key} is not in the chunk store of {store.Id}", "IC0406");
            wasm.Write(bytes);
        }
        byte[] module = wasm.ToArray();
        if (!SHA256.HashData(module).AsSpan().SequenceEqual(args.WasmModuleHash))
            throw new CallRejectedException(RejectCode.CanisterReject, "The assembled module's hash does not match wasm_module_hash", "IC0406");
        Install(target, args.Mode, module, args.Arg, r.Sender);
        return Empty;
    }

    private byte[] Uninstall(CallRequest r)
    {
        var args = Arg<CanisterIdRecord>(r);
        replica.UninstallCode(Controlled(args.CanisterId, r.Sender));
        return Empty;
    }

    private byte[] UploadChunk(CallRequest r)
    {
        var args = Arg<UploadChunkArgs>(r);
        var canister = Controlled(args.CanisterId, r.Sender);
        if (args.Chunk.Length > 1024 * 1024) throw new CallRejectedException(RejectCode.CanisterReject, "A chunk can be at most 1 MiB", "IC0406");
        byte[] hash = SHA256.HashData(args.Chunk);
        canister.Chunks[Convert.ToHexStringLower(hash)] = args.Chunk;
        return Reply(new ChunkHash { Hash = hash });
    }

    private byte[] ClearChunkStore(CallRequest r)
    {
        Controlled(Arg<CanisterIdRecord>(r).CanisterId, r.Sender).Chunks.Clear();
        return Empty;
    }

    private byte[] StoredChunks(CallRequest r)
    {
        var canister = Controlled(Arg<CanisterIdRecord>(r).CanisterId, r.Sender);
        return Reply(canister.Chunks.Keys.Order(StringComparer.Ordinal).Select(k => new ChunkHash { Hash = Convert.FromHexString(k) }).ToArray());
    }

    private byte[] UpdateSettings(CallRequest r)
    {
        var args = Arg<UpdateSettingsArgs>(r);
        var canister = Controlled(args.CanisterId, r.Sender);
        Apply(canister, args.Settings);
        canister.Version++;
        return Empty;
    }

    private byte[] Start(CallRequest r)
    {
        var canister = Controlled(Arg<CanisterIdRecord>(r).CanisterId, r.Sender);
        canister.Status = CanisterRunStatus.Running;
        // Stop requests still waiting are answered: the start cancelled them.
        var waiters = canister.StopWaiters.ToList();
        canister.StopWaiters.Clear();
        foreach (var waiter in waiters) waiter();
        return Empty;
    }

    private byte[]? Stop(CallRequest r, Action<Response> respond)
    {
        var canister = Controlled(Arg<CanisterIdRecord>(r).CanisterId, r.Sender);
        if (canister.Status == CanisterRunStatus.Stopped) return Empty;
        canister.Status = CanisterRunStatus.Stopping;
        canister.StopWaiters.Add(() => respond(canister.Status == CanisterRunStatus.Stopped
            ? Response.Replied(Empty, r.Cycles)
            : Response.Rejected(RejectCode.CanisterError, $"Canister {canister.Id} was started before it stopped", "IC0511", r.Cycles)));
        replica.MaybeStopped(canister);
        return null;
    }

    private byte[] Status(CallRequest r)
    {
        var canister = Controlled(Arg<CanisterIdRecord>(r).CanisterId, r.Sender);
        if (r.Origin is not SystemOrigin) replica.ChargeForResources(canister); // a query reads; an update call charges up to now
        var s = canister.Settings;
        long wasmMemory = canister.Instance?.MemorySize ?? 0;
        long stableMemory = canister.StableMemory.Length;
        return Reply(new CanisterStatusResult
        {
            Status = canister.Status switch
            {
                CanisterRunStatus.Running => CanisterStatusKind.Running,
                CanisterRunStatus.Stopping => CanisterStatusKind.Stopping,
                _ => CanisterStatusKind.Stopped,
            },
            ReadyForMigration = false,
            Version = canister.Version,
            Settings = new DefiniteCanisterSettings
            {
                Controllers = canister.Controllers.ToArray(),
                ComputeAllocation = (Nat)s.ComputeAllocation,
                MemoryAllocation = (Nat)s.MemoryAllocation,
                FreezingThreshold = (Nat)s.FreezingThreshold,
                ReservedCyclesLimit = (Nat)s.ReservedCyclesLimit,
                MinimumIncomingCanisterCallCycles = (Nat)s.MinimumIncomingCanisterCallCycles,
                LogVisibility = new LogVisibility.Controllers(),
                SnapshotVisibility = new LogVisibility.Controllers(),
                StatusVisibility = new LogVisibility.Controllers(),
                WasmMemoryLimit = (Nat)s.WasmMemoryLimit,
                WasmMemoryThreshold = (Nat)s.WasmMemoryThreshold,
                EnvironmentVariables = [],
                LogMemoryLimit = 4096,
            },
            ModuleHash = canister.Code?.ModuleHash,
            MemorySize = wasmMemory + stableMemory,
            MemoryMetrics = new MemoryMetrics
            {
                WasmMemorySize = wasmMemory,
                StableMemorySize = stableMemory,
                GlobalMemorySize = 0,
                WasmBinarySize = canister.Code?.Binary.Bytes.Length ?? 0,
                CustomSectionsSize = canister.Code?.Binary.CustomSections.Values.Sum(v => (long)v.Length) ?? 0,
                CanisterHistorySize = 0,
                WasmChunkStoreSize = canister.Chunks.Values.Sum(v => (long)v.Length),
                SnapshotsSize = 0,
                LogMemoryStoreSize = canister.Log.Sum(r => (long)r.Content.Length),
            },
            Cycles = (Nat)(System.Numerics.BigInteger)canister.Cycles,
            ReservedCycles = 0,
            IdleCyclesBurnedPerDay = (Nat)(System.Numerics.BigInteger)Cycles.CyclesAccounting.IdleCyclesBurnedPerDay(canister),
            QueryStats = new QueryStats { NumCallsTotal = 0, NumInstructionsTotal = 0, RequestPayloadBytesTotal = 0, ResponsePayloadBytesTotal = 0 },
        });
    }

    private byte[] Delete(CallRequest r)
    {
        var canister = Controlled(Arg<CanisterIdRecord>(r).CanisterId, r.Sender);
        if (canister.Status != CanisterRunStatus.Stopped)
            throw new CallRejectedException(RejectCode.CanisterError, $"Canister {canister.Id} must be stopped before it is deleted.", "IC0510");
        replica.UninstallCode(canister);
        replica.Canisters.Remove(canister.Id);
        return Empty;
    }

    /// <summary>32 bytes that differ on every call but repeat across runs (the replica is deterministic).</summary>
    private byte[] RawRand()
    {
        Span<byte> seed = stackalloc byte[16];
        BitConverter.TryWriteBytes(seed, ++_randomCounter);
        BitConverter.TryWriteBytes(seed[8..], replica.TimeNanos);
        return Reply(SHA256.HashData(seed));
    }

    /// <summary>Replies without refunding the attached cycles (they were deposited).</summary>
    private sealed class DepositedException(byte[] reply) : Exception
    {
        public byte[] Reply { get; } = reply;
    }
}
