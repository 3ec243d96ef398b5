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
        if (block is not Value.Map map || map.Field("tx") is not Value.Map tx) return null;
        bool isTransfer = map.Field("btype") switch
        {
            Value.Text { Value: "1xfer" or "2xfer" } => true,
            null => tx.Field("op") is Value.Text { Value: "xfer" },
            _ => false,
        };
        if (!isTransfer) return null;
        if (tx.Field("amt") is not Value.Nat amount) return null;
        if (tx.Field("from").ToAccount() is not { } from || tx.Field("to").ToAccount() is not { } to) return null;
        byte[]? memo = tx.Field("memo") switch
        {
            Value.Blob b => b.Value,
            null => null,
            _ => [], // a memo that is not a blob matches no memo we look for
        };
        return new Icrc3Transfer(from, to, (BigInteger)amount.Value, memo);
    }

    /// <summary>True when the memo is exactly <paramref name="memo"/>.</summary>
    public bool HasMemo(ReadOnlySpan<byte> memo) => Memo is not null && Memo.AsSpan().SequenceEqual(memo);
}
