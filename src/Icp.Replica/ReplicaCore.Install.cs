using Icp.Candid;
using Icp.Replica.Execution;
using Icp.Replica.State;

namespace Icp.Replica;

/// <summary>Installing code: install, reinstall and upgrade, atomically (a trap anywhere leaves the canister as it was).</summary>
internal sealed partial class ReplicaCore
{
    /// <summary>Everything an install may change, to put back when it fails.</summary>
    private sealed record InstallSnapshot(CanisterCode? Code, CanisterInstance? Instance, InstanceSnapshot? Memory, StableMemory.Checkpoint Stable,
        byte[] CertifiedData, ulong GlobalTimer, ulong Version, UInt128 Cycles);

    /// <summary>Installs <paramref name="wasm"/>; throws <see cref="CallRejectedException"/> when the module is invalid or its init/upgrade hooks trap.</summary>
    private void ExecuteInstall(CanisterState canister, byte[] wasm, byte[] arg, InstallCodeMode mode, Principal sender,
        bool skipPreUpgrade = false, bool keepMainMemory = false)
    {
        if (mode == InstallCodeMode.Install && canister.Code is not null)
            throw new CallRejectedException(RejectCode.CanisterError,
                $"Canister {canister.Id} cannot be installed because the canister is not empty. Try installing with mode='reinstall' instead.", ErrorCodes.CanisterNonEmpty);
        if (mode == InstallCodeMode.Upgrade && canister.Code is null)
            throw new CallRejectedException(RejectCode.CanisterError,
                $"Error from Canister {canister.Id}: Attempted to execute a message, but the canister contains no Wasm module.", ErrorCodes.CanisterWasmModuleNotFound);

        CanisterCode code;
        try { code = CanisterCode.Load(wasm, Options.ModuleCacheDirectory, Options.WriteBarrier); }
        catch (CanisterInstallException e)
        {
            throw new CallRejectedException(RejectCode.CanisterError, $"Error from Canister {canister.Id}: Canister's Wasm module is not valid: {e.Message}", ErrorCodes.CanisterInvalidWasm);
        }

        if (mode == InstallCodeMode.Upgrade)
        {
            if (code.UsesEnhancedOrthogonalPersistence && !keepMainMemory)
                Fail("Missing upgrade option: Enhanced orthogonal persistence requires the `wasm_memory_persistence` upgrade option.");
            if (keepMainMemory && !code.UsesEnhancedOrthogonalPersistence)
                Fail("Invalid upgrade option: The `wasm_memory_persistence: opt keep` upgrade option requires that the new canister module supports enhanced orthogonal persistence.");
        }

        var before = new InstallSnapshot(canister.Code, canister.Instance, canister.Instance?.Snapshot(), canister.StableMemory.Snapshot(),
            canister.CertifiedData, canister.GlobalTimer, canister.Version, canister.Cycles);
        CanisterInstance? fresh = null;
        try
        {
            byte[]? keptMemory = null;
            if (mode == InstallCodeMode.Upgrade)
            {
                if (!skipPreUpgrade && canister.Code!.Exports.Contains("canister_pre_upgrade"))
                {
                    var pre = NewContext(ApiType.PreUpgrade, canister, sender, Options.InstallInstructionLimit);
                    if (!Run(canister, pre, instance => instance.InvokeExport("canister_pre_upgrade", pre), persist: true))
                        throw new CallRejectedException(RejectCode.CanisterError, $"{TrapResponse(canister, pre).Message} (in canister_pre_upgrade)", pre.TrapErrorCode);
                }
                if (keepMainMemory) keptMemory = canister.Instance!.ReadMemory();
            }
            else
            {
                canister.StableMemory.Clear();
                canister.CertifiedData = [];
            }

            // The global timer is deactivated by every kind of install.
            canister.GlobalTimer = 0;
            try { fresh = CanisterInstance.Create(Engine, code, new SystemApi(SubnetId, Accounting), StartContext(canister), keptMemory); }
            catch (CanisterTrapException trap)
            {
                throw new CallRejectedException(RejectCode.CanisterError, $"Error from Canister {canister.Id}: Canister trapped in its start function: {trap.Message}", trap.ErrorCode);
            }
            canister.Code = code;
            canister.Instance = fresh;
            string hook = mode == InstallCodeMode.Upgrade ? "canister_post_upgrade" : "canister_init";
            if (code.Exports.Contains(hook))
            {
                var init = NewContext(mode == InstallCodeMode.Upgrade ? ApiType.PostUpgrade : ApiType.Init, canister, sender, Options.InstallInstructionLimit);
                var withArg = new MessageContext(init.Api, canister, sender, TimeNanos) { Arg = arg, InstructionLimit = init.InstructionLimit, Print = init.Print };
                if (!Run(canister, withArg, instance => instance.InvokeExport(hook, withArg), persist: true))
                    throw new CallRejectedException(RejectCode.CanisterError, $"{TrapResponse(canister, withArg).Message} (in {hook})", withArg.TrapErrorCode);
            }
        }
        catch
        {
            // Put everything back: the old module and instance (with its memory before pre_upgrade), stable memory, settings.
            if (canister.Instance is { } current && !ReferenceEquals(current, before.Instance)) current.Dispose();
            canister.Code = before.Code;
            canister.Instance = before.Instance;
            if (before.Instance is not null && before.Memory is not null && !before.Instance.TryRestore(before.Memory))
            {
                var api = before.Instance.Api;
                byte[] memory = before.Memory.Memory; // before Dispose, which closes a checkpoint's image
                before.Instance.Dispose();
                canister.Instance = CanisterInstance.Create(Engine, before.Code!, api, null, memory, before.Memory.Globals);
            }
            canister.StableMemory.Restore(before.Stable);
            canister.CertifiedData = before.CertifiedData;
            canister.GlobalTimer = before.GlobalTimer;
            canister.Version = before.Version;
            canister.Cycles = before.Cycles;
            throw;
        }

        canister.StableMemory.Release(before.Stable);
        // Callbacks point into the old module's table: calls still open are answered with a reject now.
        RejectOpenCallContexts(canister, $"Canister {canister.Id} was {(mode == InstallCodeMode.Upgrade ? "upgraded" : "reinstalled")} while the call was open");
        if (before.Instance is not null && !ReferenceEquals(before.Instance, canister.Instance)) before.Instance.Dispose();
        canister.Version = before.Version + 1;
    }

    private static void Fail(string message)
    {
        throw new CallRejectedException(RejectCode.CanisterError, message, ErrorCodes.CanisterContractViolation);
    }

    /// <summary>Removes the code and main and stable memory; open calls are rejected.</summary>
    public void UninstallCode(CanisterState canister)
    {
        RejectOpenCallContexts(canister, $"Canister {canister.Id} has been uninstalled.");
        canister.Instance?.Dispose();
        canister.Instance = null;
        canister.Code = null;
        canister.StableMemory.Clear();
        canister.CertifiedData = [];
        canister.GlobalTimer = 0;
        canister.Version++;
    }
}
