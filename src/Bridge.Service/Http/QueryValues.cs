using System.Globalization;

namespace Bridge.Service.Http;

/// <summary>Route and query values as the protocol writes them (decimal digits), with a problem naming the bad one.</summary>
internal static class QueryValues
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static bool TryNat(string? text, string name, long min, out long value, out Problem? problem)
    {
        problem = null;
        if (text is { Length: > 0 and <= 18 } && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min)
            return true;
        value = 0;
        problem = Problem.Malformed($"{name}: '{text}' is not a decimal integer of at least {min}");
        return false;
    }

    public static bool TryPage(string? from, string? limit, out long start, out int count, out Problem? problem)
    {
        start = 1;
        count = DefaultLimit;
        problem = null;
        if (from is not null && !TryNat(from, "from", 0, out start, out problem)) return false;
        if (limit is null) return true;
        if (!TryNat(limit, "limit", 1, out long l, out problem)) return false;
        if (l > MaxLimit) { problem = Problem.Malformed($"limit: at most {MaxLimit}"); return false; }
        count = (int)l;
        return true;
    }
}
