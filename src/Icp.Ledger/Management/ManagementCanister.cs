using Icp.Candid;

namespace Icp.Ledger.Management;

/// <summary>
/// The management canister <c>aaaaa-aa</c>: the generated client (<see cref="Client"/>, every method of
/// <c>candid/ic.did</c>) over a <see cref="ManagementCanisterTransport"/> that adds the effective canister id each
/// call needs, and typed shortcuts for the common canister lifecycle.
/// </summary>
public sealed class ManagementCanister
{
    /// <summary>The management canister over <paramref name="transport"/>.</summary>
    /// <param name="transport">The agent (an <see cref="IEffectiveCanisterTransport"/>) or the in-process replica.</param>
    /// <param name="defaultEffectiveCanisterId">The effective canister id for calls that name no canister (canister creation).</param>
    public ManagementCanister(ICanisterTransport transport, Principal? defaultEffectiveCanisterId = null)
    {
        Transport = new ManagementCanisterTransport(transport, defaultEffectiveCanisterId);
        Client = new ManagementCanisterClient(Transport, Principal.ManagementCanister);
    }

    /// <summary>The routing transport.</summary>
    public ManagementCanisterTransport Transport { get; }

    /// <summary>The generated client of <c>candid/ic.did</c>, routed.</summary>
    public ManagementCanisterClient Client { get; }

    /// <summary><c>create_canister</c> (from a canister on the IC; local replicas also take it from users).</summary>
    /// <param name="settings">Controllers and other settings; the caller controls the canister when null.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The new canister's id.</returns>
    public async Task<Principal> CreateCanisterAsync(CanisterSettings? settings = null, CancellationToken ct = default) =>
        (await Client.CreateCanisterAsync(new CreateCanisterArgs { Settings = settings }, ct).ConfigureAwait(false)).CanisterId;

    /// <summary><c>provisional_create_canister_with_cycles</c>: creates a canister with cycles (local replicas and test networks).</summary>
    /// <param name="cycles">The cycles; the replica's default when null.</param>
    /// <param name="settings">Controllers and other settings.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The new canister's id.</returns>
    public async Task<Principal> ProvisionalCreateCanisterAsync(Nat? cycles = null, CanisterSettings? settings = null, CancellationToken ct = default) =>
        (await Client.ProvisionalCreateCanisterWithCyclesAsync(new ProvisionalCreateCanisterWithCyclesArgs { Amount = cycles, Settings = settings }, ct).ConfigureAwait(false)).CanisterId;

    /// <summary><c>install_code</c>: installs, reinstalls or upgrades a canister's module.</summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="wasm">The Wasm module (gzipped or not).</param>
    /// <param name="arg">The init (or post-upgrade) argument message.</param>
    /// <param name="mode"><see cref="CanisterInstallMode.Install"/> when null.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task InstallCodeAsync(Principal canisterId, byte[] wasm, byte[] arg, CanisterInstallMode? mode = null, CancellationToken ct = default) =>
        Client.InstallCodeAsync(new InstallCodeArgs
        {
            CanisterId = canisterId,
            WasmModule = wasm,
            Arg = arg,
            Mode = mode ?? new CanisterInstallMode.Install(),
        }, ct);

    /// <summary>Upgrades a canister (<c>install_code</c> in mode <c>upgrade</c>).</summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="wasm">The new Wasm module.</param>
    /// <param name="arg">The post-upgrade argument message.</param>
    /// <param name="keepMainMemory">Sends <c>wasm_memory_persistence = opt variant { keep }</c>, which canisters with
    /// enhanced orthogonal persistence (Motoko's <c>persistent actor</c>) require.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task UpgradeCodeAsync(Principal canisterId, byte[] wasm, byte[] arg, bool keepMainMemory = false, CancellationToken ct = default) =>
        InstallCodeAsync(canisterId, wasm, arg, new CanisterInstallMode.Upgrade(keepMainMemory
            ? new CanisterInstallModeUpgrade { WasmMemoryPersistence = new CanisterInstallModeUpgradeWasmMemoryPersistence.Keep() }
            : null), ct);

    /// <summary>
    /// <c>canister_status</c>: status, settings, module hash, memory and cycles (controllers only). Sent as an update
    /// call, which every replica answers; <c>ic.did</c> also marks it <c>query</c> (the generated
    /// <see cref="ManagementCanisterClient.CanisterStatusAsync"/> sends that), which older replicas and our local one do not serve.
    /// </summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="ct">Cancels the call.</param>
    public async Task<CanisterStatusResult> CanisterStatusAsync(Principal canisterId, CancellationToken ct = default)
    {
        byte[] arg;
        using (var writer = new CandidArgumentWriter(ManagementCanisterCandid.CanisterStatusArgs.CandidType))
        {
            writer.Write(ManagementCanisterCandid.CanisterStatusArgs, new CanisterStatusArgs { CanisterId = canisterId });
            arg = writer.ToArray();
        }
        byte[] reply = await Transport.CallAsync(Principal.ManagementCanister, "canister_status", arg, ct).ConfigureAwait(false);
        var reader = new CandidArgumentReader(reply);
        var result = reader.Read(ManagementCanisterCandid.CanisterStatusResult);
        reader.End();
        return result;
    }

    /// <summary><c>start_canister</c>.</summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task StartCanisterAsync(Principal canisterId, CancellationToken ct = default) =>
        Client.StartCanisterAsync(new StartCanisterArgs { CanisterId = canisterId }, ct);

    /// <summary><c>stop_canister</c>.</summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task StopCanisterAsync(Principal canisterId, CancellationToken ct = default) =>
        Client.StopCanisterAsync(new StopCanisterArgs { CanisterId = canisterId }, ct);

    /// <summary><c>delete_canister</c> (it must be stopped).</summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task DeleteCanisterAsync(Principal canisterId, CancellationToken ct = default) =>
        Client.DeleteCanisterAsync(new DeleteCanisterArgs { CanisterId = canisterId }, ct);

    /// <summary><c>update_settings</c>.</summary>
    /// <param name="canisterId">The canister.</param>
    /// <param name="settings">The settings to change (null fields stay).</param>
    /// <param name="ct">Cancels the call.</param>
    public Task UpdateSettingsAsync(Principal canisterId, CanisterSettings settings, CancellationToken ct = default) =>
        Client.UpdateSettingsAsync(new UpdateSettingsArgs { CanisterId = canisterId, Settings = settings }, ct);
}
