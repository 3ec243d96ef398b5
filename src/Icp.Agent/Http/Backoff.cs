namespace Icp.Agent.Http;

/// <summary>Exponential backoff with ±20 % jitter, so that many clients retrying at once spread out.</summary>
internal static class Backoff
{
    public static TimeSpan Jitter(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero) return TimeSpan.Zero;
        var factor = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromTicks((long)(delay.Ticks * factor));
    }

    /// <summary>base × 2^attempt (attempt 0 is the first retry), jittered.</summary>
    public static TimeSpan Retry(TimeSpan baseDelay, int attempt) =>
        Jitter(TimeSpan.FromTicks(baseDelay.Ticks * (1L << Math.Min(attempt, 16))));

    /// <summary>The next polling delay: grown by <paramref name="multiplier"/>, capped at <paramref name="max"/>.</summary>
    public static TimeSpan Grow(TimeSpan current, double multiplier, TimeSpan max) =>
        TimeSpan.FromTicks(Math.Min(max.Ticks, (long)(current.Ticks * multiplier)));
}
