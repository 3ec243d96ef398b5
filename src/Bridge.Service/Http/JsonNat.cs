using System.Globalization;
using System.Numerics;

namespace Bridge.Service.Http;

/// <summary>Integers in the bridge's JSON output: always decimal strings (section 1).</summary>
internal static class JsonNat
{
    public static string Of(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Of(ulong? value) => value is { } v ? Of(v) : null;

    public static string? Of(long? value) => value is { } v ? Of(v) : null;

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    public static ulong Seconds(TimeSpan span) => (ulong)span.Ticks / TimeSpan.TicksPerSecond;
}
