namespace Icp.Replica;

/// <summary>How <c>install_code</c> treats the canister's existing code and state.</summary>
public enum InstallCodeMode
{
    /// <summary>Install on an empty canister; runs <c>canister_init</c>.</summary>
    Install,
    /// <summary>Replace code and wipe all state; runs <c>canister_init</c>.</summary>
    Reinstall,
    /// <summary>Replace code, keep stable memory (and main memory with enhanced orthogonal persistence); runs the upgrade hooks.</summary>
    Upgrade,
}
