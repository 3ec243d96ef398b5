namespace Bridge.Service.Roles;

/// <summary>
/// The jobs of the active role that can halt one by one (see <see cref="RoleHalts"/>): a halted role stops only that
/// job; every instance keeps taking receipts.
/// </summary>
public enum BridgeRole
{
    /// <summary>Cutting and posting batches to the rollup canister (<c>BatchPoster</c>).</summary>
    Posting,

    /// <summary>Settling epochs: rewards computed from final batches and their root posted.</summary>
    Settling,

    /// <summary>Paying settled lines with <c>icrc1_transfer</c>.</summary>
    Paying,
}

/// <summary>The roles' names as the store, the admin API, logs and metrics spell them.</summary>
public static class BridgeRoles
{
    /// <summary>Every role, in a stable order.</summary>
    public static IReadOnlyList<BridgeRole> All { get; } = [BridgeRole.Posting, BridgeRole.Settling, BridgeRole.Paying];

    /// <summary><c>posting</c>, <c>settling</c> or <c>paying</c>.</summary>
    public static string Name(this BridgeRole role) => role switch
    {
        BridgeRole.Posting => "posting",
        BridgeRole.Settling => "settling",
        BridgeRole.Paying => "paying",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a bridge role"),
    };

    /// <summary>The role named <paramref name="name"/> (exactly as <see cref="Name"/> spells it), or false.</summary>
    public static bool TryParse(string? name, out BridgeRole role)
    {
        foreach (var r in All)
        {
            if (string.Equals(r.Name(), name, StringComparison.Ordinal))
            {
                role = r;
                return true;
            }
        }
        role = default;
        return false;
    }
}
