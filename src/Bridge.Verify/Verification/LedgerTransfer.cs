using System.Numerics;
using Icp.Ledger;
using Icp.Ledger.Icrc3;

namespace Bridge.Verify.Verification;

/// <summary>
/// The movement of tokens an ICRC-3 block records, as far as payouts are concerned: its kind (<c>xfer</c>, <c>burn</c>,
/// <c>mint</c>, <c>approve</c>; <c>btype</c> wins over <c>tx.op</c>), from, to, amount and memo. Accounts compare as
/// ICRC-1 accounts (an all-zero subaccount is the default one).
/// </summary>
/// <param name="Kind">xfer, burn, mint, approve or another op.</param>
/// <param name="From">tx.from, when present and well formed.</param>
/// <param name="To">tx.to, when present and well formed.</param>
/// <param name="Amount">tx.amt (0 when absent).</param>
/// <param name="Memo">tx.memo, when present.</param>
public sealed record LedgerTransfer(string Kind, Account? From, Account? To, BigInteger Amount, byte[]? Memo)
{
    /// <summary>True when tokens leave <see cref="From"/> (a transfer or a burn).</summary>
    public bool MovesTokensOut => Kind is "xfer" or "burn";

    /// <summary>The block's movement, or null when the block is no map with a <c>tx</c> map.</summary>
    public static LedgerTransfer? Read(Value block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block is not Value.Map map || map.Field("tx") is not Value.Map tx) return null;
        string kind = map.Field("btype") switch
        {
            Value.Text { Value: "1xfer" or "2xfer" } => "xfer",
            Value.Text { Value: "1burn" } => "burn",
            Value.Text { Value: "1mint" } => "mint",
            Value.Text { Value: "2approve" } => "approve",
            Value.Text { Value: var other } => other,
            _ => tx.Field("op") is Value.Text { Value: var op } ? op : "",
        };
        BigInteger amount = tx.Field("amt") is Value.Nat n ? (BigInteger)n.Value : BigInteger.Zero;
        byte[]? memo = tx.Field("memo") is Value.Blob b ? b.Value : null;
        return new LedgerTransfer(kind, tx.Field("from").ToAccount(), tx.Field("to").ToAccount(), amount, memo);
    }
}
