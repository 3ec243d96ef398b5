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
        if (block is not Value.Map map) return false;
        var tx = Field(map, "tx") as Value.Map;
        if (tx is null) return false;
        bool isTransfer = Field(map, "btype") switch
        {
            Value.Text { Value: "1xfer" or "2xfer" } => true,
            null => Field(tx, "op") is Value.Text { Value: "xfer" },
            _ => false, // btype decides when present
        };
        if (!isTransfer) return false;
        if (Field(tx, "memo") is not Value.Blob memo || !memo.Value.AsSpan().SequenceEqual(feeMemo)) return false;
        if (Field(tx, "amt") is not Value.Nat amount || (BigInteger)amount.Value < feeAmount) return false;
        return AccountOf(Field(tx, "from")) is { } payer && payer == from
            && AccountOf(Field(tx, "to")) is { } payee && payee == feeAccount;
    }

    /// <summary>The value of <paramref name="key"/> in a map (the first, should a hostile block repeat it), or <c>null</c>.</summary>
    private static Value? Field(Value.Map map, string key)
    {
        foreach (var item in map.Value)
            if (string.Equals(item.Item1, key, StringComparison.Ordinal)) return item.Item2;
        return null;
    }

    /// <summary>An ICRC-3 account: <c>Array [Blob owner]</c> or <c>Array [Blob owner, Blob subaccount]</c>.</summary>
    private static Account? AccountOf(Value? value)
    {
        if (value is not Value.Array { Value: var items } || items.Length is < 1 or > 2) return null;
        if (items[0] is not Value.Blob { Value: var owner } || owner.Length > Icp.Candid.Principal.MaxLength) return null;
        byte[]? subaccount = null;
        if (items.Length == 2)
        {
            if (items[1] is not Value.Blob { Value: var sub } || sub.Length != Account.SubaccountLength) return null;
            subaccount = sub;
        }
        return new Account(Icp.Candid.Principal.FromBytes(owner), subaccount);
    }
}
