using Icp.Ledger.Icrc3;

namespace Icp.Ledger;

/// <summary>
/// Reading fields of ICRC-3 block values (the generic <see cref="Value"/> of the ICRC-3 standard): a map's member and
/// an account in the block schema's shape. Blocks come from a ledger the reader may not trust, so both answer null for
/// anything malformed instead of throwing.
/// </summary>
public static class Icrc3Fields
{
    /// <summary>The value of <paramref name="key"/> in <paramref name="map"/> (the first, should a hostile block repeat it), or null.</summary>
    public static Value? Field(this Value.Map map, string key)
    {
        ArgumentNullException.ThrowIfNull(map);
        foreach (var item in map.Value)
            if (string.Equals(item.Item1, key, StringComparison.Ordinal)) return item.Item2;
        return null;
    }

    /// <summary>
    /// The account an ICRC-3 block names: <c>Array [Blob owner]</c> or <c>Array [Blob owner, Blob subaccount]</c> (32
    /// bytes); null for any other shape.
    /// </summary>
    public static Account? ToAccount(this Value? value)
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
