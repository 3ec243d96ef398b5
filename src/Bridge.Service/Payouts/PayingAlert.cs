namespace Bridge.Service.Payouts;

/// <summary>The payout worker's halt alert (an underfunded payout account, a ledger answer no rule covers); shown by <c>/ready</c>.</summary>
public sealed class PayingAlert
{
    private volatile string? _reason;

    /// <summary>Why paying halted, or null.</summary>
    public string? Reason => _reason;

    /// <summary>Raises the alert.</summary>
    public void Raise(string reason) => _reason = reason;
}
