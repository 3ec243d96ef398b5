using System.Globalization;

namespace Bridge.Service.Tests;

/// <summary>Reads values out of a Prometheus text exposition.</summary>
internal static class MetricsText
{
    /// <summary>The value of the series written exactly as <paramref name="series"/> (name and labels), or null when absent.</summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>The value of <paramref name="series"/>, which must be present.</summary>
    public static double Of(string text, string series) =>
        Value(text, series) ?? throw new Xunit.Sdk.XunitException($"/metrics has no series {series}:\n{text}");
}
