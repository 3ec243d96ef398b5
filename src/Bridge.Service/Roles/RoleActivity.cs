using Bridge.Service.Configuration;
using Bridge.Service.Leadership;

namespace Bridge.Service.Roles;

/// <summary>Which roles this instance runs now: all three while it holds the active role, posting only when <c>Bridge:PostBatches</c>.</summary>
public static class RoleActivity
{
    /// <summary>Whether this instance runs <paramref name="role"/> now.</summary>
    public static bool IsActive(BridgeRole role, ILeadership leadership, BridgeOptions options) =>
        leadership.IsLeader && (role != BridgeRole.Posting || options.PostBatches);
}
