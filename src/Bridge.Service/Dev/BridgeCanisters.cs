using Bridge.Service.Ic.LocalLedger;
using Bridge.Service.Ic.Rollup;
using Icp.Candid;
using Icp.Ledger.Management;

namespace Bridge.Service.Dev;

/// <summary>
/// The rollup canister and the local ledger as <c>--dev</c> installs them, through the management canister: on the
/// in-process replica (its transport) or on a replica in another process (an agent), so tests that run the replica on
/// its own install the same canisters the same way.
/// </summary>
public static class BridgeCanisters
{
    /// <summary>The ledger's transfer fee.</summary>
    public const ulong TransferFee = 10_000;

    /// <summary>
    /// Creates and installs the local ledger (<paramref name="minter"/> mints; <paramref name="payout"/> starts with
    /// <paramref name="initialPayoutBalance"/>) and the rollup canister (<paramref name="poster"/> owns and posts, with
    /// <paramref name="challengeWindow"/>). The Wasm comes from <paramref name="wasmCache"/>, else the repository's
    /// <c>canisters/out</c> (built when missing or stale).
    /// </summary>
    /// <returns>The rollup canister and the ledger.</returns>
    public static async Task<(Principal Rollup, Principal Ledger)> InstallAsync(ManagementCanister management, Principal minter, Principal payout,
        Nat initialPayoutBalance, Principal poster, TimeSpan challengeWindow, string wasmCache, Action<string> report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(management);
        var ledgerWasm = await CanisterWasm.LoadAsync("ledger", wasmCache, report, ct);
        var rollupWasm = await CanisterWasm.LoadAsync("rollup", wasmCache, report, ct);
        var ledger = await management.ProvisionalCreateCanisterAsync(ct: ct);
        await management.InstallCodeAsync(ledger, ledgerWasm, LocalLedgerClient.EncodeInitArgs(new Ic.LocalLedger.InitArgs
        {
            MintingAccount = new Ic.LocalLedger.Account { Owner = minter },
            InitialBalances = [new InitArgsInitialBalancesItem { Item1 = new Ic.LocalLedger.Account { Owner = payout }, Item2 = initialPayoutBalance }],
            TransferFee = TransferFee,
            TokenName = "Bridge Dev Token",
            TokenSymbol = "BDEV",
            Decimals = 8,
        }), ct: ct);
        var rollup = await management.ProvisionalCreateCanisterAsync(ct: ct);
        await management.InstallCodeAsync(rollup, rollupWasm, RollupClient.EncodeInitArgs(new Ic.Rollup.InitArgs
        {
            ChallengeWindowNs = (ulong)challengeWindow.Ticks * 100,
            Owner = poster,
            Poster = poster,
        }), ct: ct);
        return (rollup, ledger);
    }
}
