using Bridge.Core.Payouts;
using Bridge.Core.Rewards;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Icrc1;
using Account = Icp.Ledger.Account;
using Icp.Ledger.Icrc3;

namespace Bridge.Service.Payouts;

/// <summary>
/// The reward ledger as the payout worker uses it, through the payout account's transport: the current fee and log
/// length (read when a line is stamped), the transfer itself, and the search of the ICRC-3 blocks for a line's payment.
/// </summary>
internal sealed class PayoutLedger(ICanisterTransport transport, Principal ledgerId, Account payoutAccount)
{
    private readonly IcrcLedger _ledger = new(transport, ledgerId);

    /// <summary>The account the transfers come from.</summary>
    public Account PayoutAccount => payoutAccount;

    /// <summary>The ledger's current transfer fee.</summary>
    public Task<Nat> FeeAsync(CancellationToken ct) => _ledger.Icrc1.FeeAsync(ct);

    /// <summary>The payout account's balance.</summary>
    public Task<Nat> BalanceAsync(CancellationToken ct) => _ledger.Icrc1.BalanceOfAsync(payoutAccount, ct);

    /// <summary>The number of blocks in the ledger's log (archived ones included).</summary>
    public async Task<Nat> LogLengthAsync(CancellationToken ct) =>
        (await _ledger.Icrc3.GetBlocksAsync([new GetBlocksArgsItem { Start = 0, Length = 0 }], ct).ConfigureAwait(false)).LogLength;

    /// <summary>Sends <c>icrc1_transfer</c> with exactly these arguments.</summary>
    public Task<Icrc1TransferResult> TransferAsync(TransferArgs args, CancellationToken ct) => _ledger.Icrc1.TransferAsync(args, ct);

    /// <summary>The first block from <paramref name="from"/> on that pays <paramref name="line"/> (<see cref="PayoutPlan.Pays"/>), or null.</summary>
    public async Task<Nat?> FindPaymentAsync(RewardLine line, Nat from, CancellationToken ct)
    {
        await foreach (var block in _ledger.GetBlocksAsync(from, ct: ct).ConfigureAwait(false))
            if (PayoutPlan.Pays(block.Value, line, payoutAccount)) return block.Index;
        return null;
    }
}
