namespace Bridge.Service.Settling;

/// <summary>The settler's halt alert: set when the canister's epochs are not the bridge's; shown by <c>/ready</c>.</summary>
public sealed class SettlingAlert
{
    private volatile string? _reason;

    /// <summary>Why settling halted, or null.</summary>
    public string? Reason => _reason;

    /// <summary>Raises the alert.</summary>
    public void Raise(string reason) => _reason = reason;
}
