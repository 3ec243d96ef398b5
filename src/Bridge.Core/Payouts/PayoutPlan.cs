using System.Numerics;
using Bridge.Core.Rewards;
using Icp.Candid;
using Icp.Ledger.Icrc1;

namespace Bridge.Core.Payouts;

/// <summary>
/// The exact <c>icrc1_transfer</c> arguments that pay a line (protocol section 7): to = the line's account, amount =
/// the line's amount, memo = line_hash, created_at_time and fee as stored with the line before the first send. A
/// retry builds the same bytes, so the ledger answers <c>Duplicate</c>.
/// </summary>
public static class PayoutPlan
{
    /// <summary>The transfer of one line.</summary>
    /// <param name="line">The line.</param>
    /// <param name="createdAtTimeNs">The created_at_time stored with the line.</param>
    /// <param name="fee">The ledger fee stored with the line (paid by the payout account).</param>
    /// <param name="fromSubaccount">The payout account's subaccount, <c>null</c> for the default.</param>
    public static TransferArgs Transfer(RewardLine line, ulong createdAtTimeNs, BigInteger fee, byte[]? fromSubaccount = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (fee.Sign < 0) throw new ArgumentOutOfRangeException(nameof(fee), "a fee is not negative");
        return new TransferArgs
        {
            FromSubaccount = fromSubaccount,
            To = new Account { Owner = line.Owner, Subaccount = line.Subaccount },
            Amount = new Nat(line.Amount),
            Fee = new Nat(fee),
            Memo = line.LineHash,
            CreatedAtTime = createdAtTimeNs,
        };
    }

    /// <summary>
    /// True when <paramref name="block"/> pays <paramref name="line"/>: a transfer from the payout account to the line's
    /// account of exactly the line's amount with memo = line_hash. A reconciliation (section 7) reads the ledger's
    /// ICRC-3 blocks with this before anything for the line is sent again with new bytes.
    /// </summary>
    /// <param name="block">The block, as the ledger's ICRC-3 log holds it.</param>
    /// <param name="line">The line.</param>
    /// <param name="payoutAccount">The payout account (the sender of the transfers).</param>
    public static bool Pays(Icp.Ledger.Icrc3.Value block, RewardLine line, Icp.Ledger.Account payoutAccount)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(payoutAccount);
        return Icrc3Transfer.Read(block) is { } t && t.HasMemo(line.LineHash) && t.Amount == line.Amount && t.From == payoutAccount
            && t.To == new Icp.Ledger.Account(line.Owner, line.Subaccount);
    }
}
