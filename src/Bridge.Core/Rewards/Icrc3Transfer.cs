using System.Numerics;
using Icp.Ledger;
using Icp.Ledger.Icrc3;

namespace Bridge.Core.Rewards;

/// <summary>
/// A transfer read from an ICRC-3 block: <c>btype</c> <c>1xfer</c> or <c>2xfer</c>, or, without <c>btype</c>,
/// <c>tx.op</c> = <c>xfer</c> (the legacy schema; <c>btype</c> wins when present). Accounts compare as ICRC-1 accounts:
/// an all-zero subaccount is the default one. Fee checks (section 6) and payout reconciliation (section 7) read blocks
/// through this one parser.
/// </summary>
internal sealed record Icrc3Transfer(Account From, Account To, BigInteger Amount, byte[]? Memo)
{
    /// <summary>The transfer in <paramref name="block"/>, or null when it holds none (or is malformed).</summary>
    public static Icrc3Transfer? Read(Value block)
    {
        if (block is not Value.Map map || Field(map, "tx") is not Value.Map tx) return null;
        bool isTransfer = Field(map, "btype") switch
        {
            Value.Text { Value: "1xfer" or "2xfer" } => true,
            null => Field(tx, "op") is Value.Text { Value: "xfer" },
            _ => false,
        };
        if (!isTransfer) return null;
        if (Field(tx, "amt") is not Value.Nat amount) return null;
        if (AccountOf(Field(tx, "from")) is not { } from || AccountOf(Field(tx, "to")) is not { } to) return null;
        byte[]? memo = Field(tx, "memo") switch
        {
            Value.Blob b => b.Value,
            null => null,
            _ => [], // a memo that is not a blob matches no memo we look for
        };
        return new Icrc3Transfer(from, to, (BigInteger)amount.Value, memo);
    }

    /// <summary>True when the memo is exactly <paramref name="memo"/>.</summary>
    public bool HasMemo(ReadOnlySpan<byte> memo) => Memo is not null && Memo.AsSpan().SequenceEqual(memo);

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
