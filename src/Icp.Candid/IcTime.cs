namespace Icp.Candid;

/// <summary>
/// IC time: nanoseconds since the Unix epoch in a <c>nat64</c> (certificate times, ingress expiries, delegation
/// expirations, ledger timestamps, <c>ic0.time</c>). The one conversion to and from <see cref="DateTimeOffset"/>, with
/// one rule: every <c>nat64</c> is a valid time (the largest is in the year 2554, well before
/// <see cref="DateTimeOffset.MaxValue"/>) and converts by truncating to whole 100 ns ticks; a
/// <see cref="DateTimeOffset"/> outside what a <c>nat64</c> holds (before 1970 or after 2554) is refused with an
/// <see cref="ArgumentOutOfRangeException"/>, never wrapped or clamped.
/// </summary>
public static class IcTime
{
    private const ulong NanosecondsPerTick = 100;

    /// <summary>The earliest IC time: the Unix epoch (nanosecond 0).</summary>
    public static DateTimeOffset MinValue => DateTimeOffset.UnixEpoch;

    /// <summary>The latest IC time (nanosecond <see cref="ulong.MaxValue"/>, truncated to a whole tick).</summary>
    public static DateTimeOffset MaxValue => ToDateTimeOffset(ulong.MaxValue);

    /// <summary>The time of <paramref name="nanoseconds"/> since the Unix epoch, truncated to 100 ns (never fails).</summary>
    public static DateTimeOffset ToDateTimeOffset(ulong nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / NanosecondsPerTick));

    /// <summary>Nanoseconds since the Unix epoch of <paramref name="time"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is before the Unix epoch or after <see cref="MaxValue"/>.</exception>
    public static ulong ToNanoseconds(DateTimeOffset time)
    {
        long ticks = (time - DateTimeOffset.UnixEpoch).Ticks;
        if (ticks < 0 || (ulong)ticks > ulong.MaxValue / NanosecondsPerTick)
            throw new ArgumentOutOfRangeException(nameof(time), time, $"IC times (nanoseconds since 1970 in a nat64) lie between {MinValue:O} and {MaxValue:O}");
        return (ulong)ticks * NanosecondsPerTick;
    }

    /// <summary>Nanoseconds in <paramref name="duration"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative.</exception>
    public static ulong ToNanoseconds(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "a duration in IC nanoseconds is not negative");
        return (ulong)duration.Ticks * NanosecondsPerTick;
    }
}
