using System.Globalization;

namespace Icp.Testing;

/// <summary>
/// The rounds of one interleaved comparison (the JavaScript agent and ours timed back to back, in alternating order):
/// the median of each side and the median, minimum and maximum of the per-round ratios. A ratio taken within a
/// round compares two timings made under the same machine load; the median of ratios does not let one loaded round
/// move the result.
/// </summary>
internal sealed class InterleavedStats
{
    private readonly List<double> _theirs = [];
    private readonly List<double> _ours = [];

    /// <summary>Adds one round's timings (milliseconds per operation).</summary>
    public void Add(double theirsMs, double oursMs)
    {
        _theirs.Add(theirsMs);
        _ours.Add(oursMs);
    }

    /// <summary>Rounds added.</summary>
    public int Rounds => _ours.Count;

    /// <summary>Median of the JavaScript side's timings.</summary>
    public double TheirsMedian => Median(_theirs);

    /// <summary>Median of our timings.</summary>
    public double OursMedian => Median(_ours);

    private IEnumerable<double> Ratios => _theirs.Zip(_ours, (t, o) => t / o);

    /// <summary>Median of the per-round ratios (theirs / ours: how many times faster we are).</summary>
    public double RatioMedian => Median(Ratios.ToList());

    /// <summary>Smallest per-round ratio.</summary>
    public double RatioMin => Ratios.Min();

    /// <summary>Largest per-round ratio.</summary>
    public double RatioMax => Ratios.Max();

    /// <summary>"median× (min–max)", with precision to suit the size of the ratio.</summary>
    public string RatioText => string.Create(CultureInfo.InvariantCulture, $"{Format(RatioMedian)}× ({Format(RatioMin)}–{Format(RatioMax)})");

    /// <summary>A ratio with three significant figures at most (no decimals from 100 up).</summary>
    public static string Format(double ratio) =>
        ratio.ToString(ratio >= 100 ? "#,0" : ratio >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>Milliseconds with three significant figures (µs below a millisecond).</summary>
    public static string Ms(double ms) => ms >= 1
        ? ms.ToString(ms >= 100 ? "#,0" : ms >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture) + " ms"
        : (ms * 1000).ToString(ms >= 0.1 ? "0" : ms >= 0.01 ? "0.#" : "0.##", CultureInfo.InvariantCulture) + " µs";

    private static double Median(List<double> values)
    {
        if (values.Count == 0) throw new InvalidOperationException("no rounds");
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
