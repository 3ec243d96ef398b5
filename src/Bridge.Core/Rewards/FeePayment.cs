using System.Numerics;
using Icp.Ledger;
using Icp.Ledger.Icrc3;

namespace Bridge.Core.Rewards;

/// <summary>
/// Whether an ICRC-3 block pays a receipt's fee (protocol sections 3 and 6): a transfer (<c>btype</c> <c>1xfer</c> or
/// <c>2xfer</c>, or, without <c>btype</c>, <c>tx.op</c> = <c>xfer</c>) from the requester's account to the fee account,
/// of at least fee_amount (the ledger fee not counted), with memo = the receipt's fee_memo as a Blob. Accounts compare
/// as ICRC-1 accounts: an all-zero subaccount is the default one.
/// </summary>
public static class FeePayment
{
    /// <summary>True when <paramref name="block"/> pays the fee.</summary>
    /// <param name="block">The block, as the ledger's ICRC-3 log holds it.</param>
    /// <param name="from">The requester's account (requester, requester_subaccount).</param>
    /// <param name="feeAccount"><c>Rewards:FeeAccount</c>.</param>
    /// <param name="feeAmount">The receipt's fee_amount.</param>
    /// <param name="feeMemo">The receipt's fee_memo.</param>
    public static bool Pays(Value block, Account from, Account feeAccount, BigInteger feeAmount, ReadOnlySpan<byte> feeMemo)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(feeAccount);
        return Icrc3Transfer.Read(block) is { } t && t.HasMemo(feeMemo) && t.Amount >= feeAmount && t.From == from && t.To == feeAccount;
    }
}
