using System.Security.Cryptography;
using Icp.Replica.Management;
using Icp.Replica.State;
using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>The management canister through its Candid interface, with controller checks.</summary>
public class ManagementCanisterTests
{
    private static readonly Principal Alice = User(1);
    private static readonly Principal Bob = User(2);

    private static Task<byte[]> Manage(LocalReplica ic, string method, byte[] arg, Principal sender) =>
        ic.UpdateCallAsync(Principal.ManagementCanister, method, arg, sender);

    private static byte[] Install(Principal id, byte[] wasm, InstallModeArg mode) =>
        ManagementArgs.Encode(new InstallCodeArgs { Mode = mode, CanisterId = id, WasmModule = wasm, Arg = NoArgs });

    private static async Task<CanisterStatusResult> StatusAsync(LocalReplica ic, Principal id, Principal sender) =>
        ManagementArgs.Decode<CanisterStatusResult>(await Manage(ic, "canister_status", ManagementArgs.Id(id), sender));

    [Fact]
    public async Task Canister_ids_follow_the_local_replica_range()
    {
        await using var ic = await StartAsync();
        Assert.Equal("lxzze-o7777-77777-aaaaa-cai", (await ic.CreateCanisterAsync()).ToString());
        Assert.Equal(CanisterIdAllocator.FromIndex(CanisterIdAllocator.PocketIcFirstIndex + 1), await ic.CreateCanisterAsync());
        Assert.Equal("rrkah-fqaaa-aaaaa-aaaaq-cai", CanisterIdAllocator.FromIndex(1).ToString());
    }

    [Fact]
    public async Task Create_install_call_upgrade_reinstall_through_the_candid_interface()
    {
        await using var ic = await StartAsync();
        var code = await MotokoCompiler.CompileAsync("Counter");
        var created = ManagementArgs.Decode<CanisterIdRecord>(await Manage(ic, "provisional_create_canister_with_cycles",
            ManagementArgs.Encode(new ProvisionalCreateCanisterArgs { Amount = 5_000_000_000_000UL }), Alice));
        var id = created.CanisterId;
        Assert.Equal((UInt128)5_000_000_000_000UL, ic.GetCycleBalance(id));

        var status = await StatusAsync(ic, id, Alice);
        Assert.Equal(CanisterStatusKind.Running, status.Status);
        Assert.Null(status.ModuleHash);
        Assert.Equal([Alice], status.Settings.Controllers);

        await Manage(ic, "install_code", Install(id, code.Wasm, new InstallModeArg.Install()), Alice);
        status = await StatusAsync(ic, id, Alice);
        Assert.Equal(SHA256.HashData(code.Wasm), status.ModuleHash);
        Assert.True((ulong)status.MemoryMetrics.WasmMemorySize > 0);
        Assert.Equal(3UL, await ic.UpdateCallAsync(id, "add", Args<Nat>(3UL)).NatAsync());

        // Installing again is refused; upgrading keeps the state; reinstalling clears it.
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => Manage(ic, "install_code", Install(id, code.Wasm, new InstallModeArg.Install()), Alice));
        Assert.Contains("not empty", e.RejectMessage);
        var keep = new InstallModeArg.Upgrade(new UpgradeFlags { WasmMemoryPersistence = WasmMemoryPersistence.Keep });
        ulong versionBefore = (await StatusAsync(ic, id, Alice)).Version;
        await Manage(ic, "install_code", Install(id, code.Wasm, keep), Alice);
        Assert.True((await StatusAsync(ic, id, Alice)).Version > versionBefore);
        Assert.Equal(3UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
        await Manage(ic, "install_code", Install(id, code.Wasm, new InstallModeArg.Reinstall()), Alice);
        Assert.Equal(0UL, await ic.QueryCallAsync(id, "get", NoArgs).NatAsync());
    }

    [Fact]
    public async Task Canister_status_answers_as_a_query_too()
    {
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync(Alice);
        var asQuery = ManagementArgs.Decode<CanisterStatusResult>(await ic.QueryCallAsync(Principal.ManagementCanister, "canister_status", ManagementArgs.Id(id), Alice));
        var asUpdate = await StatusAsync(ic, id, Alice);
        Assert.Equal(asUpdate.Status, asQuery.Status);
        Assert.Equal(asUpdate.Settings.Controllers, asQuery.Settings.Controllers);
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.QueryCallAsync(Principal.ManagementCanister, "canister_status", ManagementArgs.Id(id), Bob));
        Assert.Equal(ErrorCodes.CanisterInvalidController, e.ErrorCode);
        var missing = await Assert.ThrowsAsync<CallRejectedException>(() => ic.QueryCallAsync(Principal.ManagementCanister, "raw_rand", NoArgs, Alice));
        Assert.Equal(RejectCode.DestinationInvalid, missing.RejectCode);
    }

    [Fact]
    public async Task Only_controllers_manage_a_canister_and_update_settings_changes_them()
    {
        await using var ic = await StartAsync();
        var code = await MotokoCompiler.CompileAsync("Counter");
        var id = await ic.CreateCanisterAsync(Alice);

        var e = await Assert.ThrowsAsync<CallRejectedException>(() => Manage(ic, "install_code", Install(id, code.Wasm, new InstallModeArg.Install()), Bob));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal(ErrorCodes.CanisterInvalidController, e.ErrorCode);
        Assert.Contains($"Only the controllers of the canister {id} can control it", e.RejectMessage);
        Assert.Contains(Bob.ToString(), e.RejectMessage);
        await Assert.ThrowsAsync<CallRejectedException>(() => StatusAsync(ic, id, Bob));
        await Assert.ThrowsAsync<CallRejectedException>(() => Manage(ic, "stop_canister", ManagementArgs.Id(id), Bob));
        await Assert.ThrowsAsync<CallRejectedException>(() => Manage(ic, "update_settings",
            ManagementArgs.Encode(new UpdateSettingsArgs { CanisterId = id, Settings = new CanisterSettings { Controllers = [Bob] } }), Bob));

        await Manage(ic, "update_settings", ManagementArgs.Encode(new UpdateSettingsArgs
        {
            CanisterId = id,
            Settings = new CanisterSettings { Controllers = [Alice, Bob], FreezingThreshold = 1234UL },
        }), Alice);
        var status = await StatusAsync(ic, id, Bob);
        Assert.Equal([Alice, Bob], status.Settings.Controllers);
        Assert.Equal(1234UL, (ulong)status.Settings.FreezingThreshold);
        await Manage(ic, "install_code", Install(id, code.Wasm, new InstallModeArg.Install()), Bob);
        Assert.Equal(1UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());

        // Removing Alice takes her rights away.
        await Manage(ic, "update_settings", ManagementArgs.Encode(new UpdateSettingsArgs { CanisterId = id, Settings = new CanisterSettings { Controllers = [Bob] } }), Bob);
        await Assert.ThrowsAsync<CallRejectedException>(() => StatusAsync(ic, id, Alice));
    }

    [Fact]
    public async Task Stop_start_and_delete()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter", controller: Alice);
        await Manage(ic, "stop_canister", ManagementArgs.Id(id), Alice);
        Assert.Equal(CanisterStatusKind.Stopped, (await StatusAsync(ic, id, Alice)).Status);
        Assert.Equal(CanisterRunStatus.Stopped, ic.GetStatus(id));
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "inc", NoArgs));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal(ErrorCodes.CanisterStopped, e.ErrorCode);
        await Assert.ThrowsAsync<CallRejectedException>(() => ic.QueryCallAsync(id, "get", NoArgs));

        await Manage(ic, "start_canister", ManagementArgs.Id(id), Alice);
        Assert.Equal(1UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());

        // A running canister cannot be deleted.
        e = await Assert.ThrowsAsync<CallRejectedException>(() => Manage(ic, "delete_canister", ManagementArgs.Id(id), Alice));
        Assert.Contains("must be stopped", e.RejectMessage);
        await Manage(ic, "stop_canister", ManagementArgs.Id(id), Alice);
        await Assert.ThrowsAsync<CallRejectedException>(() => Manage(ic, "delete_canister", ManagementArgs.Id(id), Bob));
        await Manage(ic, "delete_canister", ManagementArgs.Id(id), Alice);
        Assert.False(ic.CanisterExists(id));
        e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "inc", NoArgs));
        Assert.Equal(RejectCode.DestinationInvalid, e.RejectCode);
    }

    [Fact]
    public async Task Raw_rand_gives_32_fresh_bytes()
    {
        await using var ic = await StartAsync();
        var a = CandidSerializer.Deserialize<byte[]>(await Manage(ic, "raw_rand", NoArgs, Alice));
        var b = CandidSerializer.Deserialize<byte[]>(await Manage(ic, "raw_rand", NoArgs, Alice));
        Assert.Equal(32, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Chunked_install_assembles_the_module_from_uploaded_chunks()
    {
        await using var ic = await StartAsync();
        var code = await MotokoCompiler.CompileAsync("Counter");
        var id = await ic.CreateCanisterAsync(Alice);
        var hashes = new List<ChunkHash>();
        for (int offset = 0; offset < code.Wasm.Length; offset += 100_000)
        {
            var chunk = code.Wasm[offset..Math.Min(code.Wasm.Length, offset + 100_000)];
            hashes.Add(ManagementArgs.Decode<ChunkHash>(await Manage(ic, "upload_chunk", ManagementArgs.Encode(new UploadChunkArgs { CanisterId = id, Chunk = chunk }), Alice)));
        }
        Assert.Equal(hashes.Count, ManagementArgs.Decode<ChunkHash[]>(await Manage(ic, "stored_chunks", ManagementArgs.Id(id), Alice)).Length);
        await Manage(ic, "install_chunked_code", ManagementArgs.Encode(new InstallChunkedCodeArgs
        {
            Mode = new InstallModeArg.Install(),
            TargetCanister = id,
            ChunkHashesList = hashes.ToArray(),
            WasmModuleHash = SHA256.HashData(code.Wasm),
            Arg = NoArgs,
        }), Alice);
        Assert.Equal(1UL, await ic.UpdateCallAsync(id, "inc", NoArgs).NatAsync());
        await Manage(ic, "clear_chunk_store", ManagementArgs.Id(id), Alice);
        Assert.Empty(ManagementArgs.Decode<ChunkHash[]>(await Manage(ic, "stored_chunks", ManagementArgs.Id(id), Alice)));
    }

    [Fact]
    public async Task Uninstall_empties_the_canister()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Counter", controller: Alice);
        await Manage(ic, "uninstall_code", ManagementArgs.Id(id), Alice);
        Assert.Null(ic.GetModuleHash(id));
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "inc", NoArgs));
        Assert.Contains("contains no Wasm module", e.RejectMessage);
    }
}
