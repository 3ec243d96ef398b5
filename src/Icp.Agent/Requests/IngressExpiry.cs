using Icp.Candid;

namespace Icp.Agent.Requests;

/// <summary>
/// Computes <c>ingress_expiry</c> values: now (plus a measured clock skew) plus a window, rounded down as agent-rs
/// does (to whole seconds, and to whole minutes when the window exceeds 90 s) so that requests made close together
/// share an expiry. The IC refuses expiries more than 5 minutes ahead, so larger windows are refused here.
/// </summary>
public sealed class IngressExpiry
{
    /// <summary>The default window: 4 minutes, leaving one minute of headroom under the IC's 5-minute maximum.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(4);

    /// <summary>The largest window the IC accepts (mainnet's limit, noted in the spec).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time;

    /// <summary>An expiry source.</summary>
    /// <param name="time">The clock; the system clock by default.</param>
    /// <param name="window">How far ahead of now the expiry lies; 4 minutes by default.</param>
    /// <param name="clockSkew">Added to the local clock to get the IC's time (positive when the local clock is behind).</param>
    /// <exception cref="ArgumentOutOfRangeException">A window that is not positive or exceeds 5 minutes.</exception>
    public IngressExpiry(TimeProvider? time = null, TimeSpan? window = null, TimeSpan clockSkew = default)
    {
        _time = time ?? TimeProvider.System;
        Window = window ?? DefaultWindow;
        if (Window <= TimeSpan.Zero || Window > MaxWindow)
            throw new ArgumentOutOfRangeException(nameof(window), $"the expiry window must be positive and at most {MaxWindow}");
        ClockSkew = clockSkew;
    }

    /// <summary>How far ahead of now the expiry lies (before rounding down).</summary>
    public TimeSpan Window { get; }

    /// <summary>The correction added to the local clock.</summary>
    public TimeSpan ClockSkew { get; }

    /// <summary>The expiry for a request made now, in nanoseconds since the Unix epoch.</summary>
    public ulong Next()
    {
        var nanos = IcTime.ToNanoseconds(_time.GetUtcNow() + ClockSkew + Window);
        var unit = IcTime.ToNanoseconds(Window > TimeSpan.FromSeconds(90) ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(1));
        return nanos - nanos % unit;
    }
}
