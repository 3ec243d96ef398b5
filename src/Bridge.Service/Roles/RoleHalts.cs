using Bridge.Service.Http;
using Bridge.Service.Logging;
using Bridge.Service.Store;

namespace Bridge.Service.Roles;

/// <summary>
/// Halt, don't guess: when a role of the active instance meets something it cannot explain, it halts that role instead
/// of choosing an answer, and an operator resumes it after looking (<c>POST /v1/admin/roles/{role}/resume</c>). A halt
/// is a store setting (<c>halt.&lt;role&gt;</c>), so it holds for every instance sharing a PostgreSQL store and
/// survives restarts; each halt and resume appends an event (<c>role_halted</c>, <c>role_resumed</c>). Halting one
/// role stops that role only: the others go on, and every instance keeps taking receipts. While any role is halted
/// <c>/ready</c> answers 503 and <c>bridge_halted{role}</c> is 1.
/// <para>Who halts what:</para>
/// <list type="bullet">
/// <item><see cref="BridgeRole.Posting"/> (<c>BatchPoster</c>): the canister holds a batch the bridge does not know,
/// <c>submit_batch</c> answers <c>Conflict</c> or <c>PreviousRootMismatch</c> (or any other error), or the canister's
/// sequence does not follow the bridge's (a gap, <c>OutOfOrder</c>).</item>
/// <item><see cref="BridgeRole.Settling"/> (the epoch settler): an epoch's batch range names a batch the bridge does
/// not know, or the canister's view of a batch differs from the store's.</item>
/// <item><see cref="BridgeRole.Paying"/> (the payout worker): the ledger answers <c>InsufficientFunds</c>, or an
/// answer it has no rule for (an unknown error variant, a reply that does not decode); <c>GenericError</c> holds the
/// line for review.</item>
/// </list>
/// A worker checks <see cref="IsHaltedAsync"/> at the start of every round (the halt may have been set or cleared by
/// another instance) and calls <see cref="HaltAsync"/> with a reason that says what it saw and where (batch, epoch,
/// line, the canister's or ledger's answer): never key material.
/// </summary>
public sealed class RoleHalts(IBridgeStore store, BridgeMetrics metrics, ILogger<RoleHalts> logger)
{
    /// <summary>
    /// The settings the workers kept their own halts in before this class (<c>poster.halted</c>, <c>settler.halted</c>):
    /// read as halts of their roles, and cleared by a resume, so a halt stored by an older bridge still holds.
    /// </summary>
    internal static string? LegacySettingOf(BridgeRole role) => role switch
    {
        BridgeRole.Posting => "poster.halted",
        BridgeRole.Settling => "settler.halted",
        _ => null,
    };

    /// <summary>The store setting that holds <paramref name="role"/>'s halt reason.</summary>
    public static string SettingOf(BridgeRole role) => "halt." + role.Name();

    /// <summary>
    /// Halts <paramref name="role"/> for every instance: stores the reason, appends a <c>role_halted</c> event and
    /// logs it as critical. Halting a halted role again replaces the reason. The write is not fenced, so a halt seen by
    /// an instance that has just lost the active role is kept too (halting is always safe).
    /// </summary>
    /// <param name="role">The role to stop.</param>
    /// <param name="reason">What was seen and where, for the operator (no key material).</param>
    /// <param name="ct">Cancels the store write.</param>
    public async Task HaltAsync(BridgeRole role, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await store.SetSharedSettingAsync(SettingOf(role), reason, "role_halted", role.Name(), reason, ct);
        BridgeLog.RoleHalted(logger, role.Name(), reason);
        metrics.Halted(role);
    }

    /// <summary>Why <paramref name="role"/> is halted, or null when it runs.</summary>
    public async Task<string?> ReasonAsync(BridgeRole role, CancellationToken ct = default) =>
        await store.GetSettingAsync(SettingOf(role), ct)
        ?? (LegacySettingOf(role) is { } legacy ? await store.GetSettingAsync(legacy, ct) : null);

    /// <summary>Whether <paramref name="role"/> is halted (as the store says now: any instance may have halted or resumed it).</summary>
    public async Task<bool> IsHaltedAsync(BridgeRole role, CancellationToken ct = default) => await ReasonAsync(role, ct) is not null;

    /// <summary>
    /// Clears <paramref name="role"/>'s halt and appends a <c>role_resumed</c> event naming <paramref name="by"/> and the
    /// reason cleared; the role's worker goes on at its next round. Returns the reason cleared, or null when the role
    /// was not halted (nothing is written then).
    /// </summary>
    public async Task<string?> ResumeAsync(BridgeRole role, string by, CancellationToken ct = default)
    {
        string? reason = await ReasonAsync(role, ct);
        if (reason is null) return null;
        string detail = $"resumed by {by}; it was halted: {reason}";
        await store.SetSharedSettingAsync(SettingOf(role), null, "role_resumed", role.Name(), detail, ct);
        if (LegacySettingOf(role) is { } legacy && await store.GetSettingAsync(legacy, ct) is not null)
            await store.SetSharedSettingAsync(legacy, null, "role_resumed", role.Name(), $"the older setting {legacy} cleared", ct);
        BridgeLog.RoleResumed(logger, role.Name(), by);
        return reason;
    }

    /// <summary>Every role's halt reason (null when it runs), in <see cref="BridgeRoles.All"/>'s order.</summary>
    public async Task<IReadOnlyList<(BridgeRole Role, string? Reason)>> ListAsync(CancellationToken ct = default)
    {
        var list = new List<(BridgeRole, string?)>(BridgeRoles.All.Count);
        foreach (var role in BridgeRoles.All) list.Add((role, await ReasonAsync(role, ct)));
        return list;
    }
}
