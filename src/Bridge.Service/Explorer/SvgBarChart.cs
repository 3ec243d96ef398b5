using System.Globalization;
using System.Numerics;

namespace Bridge.Service.Explorer;

/// <summary>
/// A bar chart as inline SVG, drawn on the server: one bar per value (each with a tooltip title), the largest value
/// on the axis, the first and last labels under it. The figure's caption names it and a table beside it holds the data,
/// so the chart is an image to screen readers (<c>role="img"</c>) with the numbers still reachable.
/// </summary>
internal static class SvgBarChart
{
    private const int Width = 640, Height = 200, Left = 8, Right = 8, Top = 24, Bottom = 28;

    public static Markup Render(string id, string caption, string valueName, IReadOnlyList<(string Label, BigInteger Value)> points)
    {
        var html = new Html();
        html.Add($"<figure class=\"chart\" aria-labelledby=\"{id}-caption\">\n<figcaption id=\"{id}-caption\">{caption}</figcaption>\n");
        if (points.Count == 0)
        {
            html.Add($"<p class=\"none\">Nothing to chart yet.</p>\n</figure>\n");
            return html.ToMarkup();
        }
        var max = points.Max(p => p.Value);
        var total = points.Aggregate(BigInteger.Zero, (s, p) => s + p.Value);
        string summary = $"{caption}: {points.Count} values from {points[0].Label} to {points[^1].Label}, highest {ExplorerFormat.Number(max)}, total {ExplorerFormat.Number(total)}";
        html.Add($"<svg class=\"bars\" role=\"img\" aria-label=\"{summary}\" viewBox=\"0 0 {Width} {Height}\" focusable=\"false\">\n");
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom, slot = plotWidth / points.Count;
        html.Add($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\"/>\n");
        for (int i = 0; i < points.Count; i++)
        {
            double share = max.IsZero ? 0 : Ratio(points[i].Value, max);
            double h = Math.Max(share * plotHeight, points[i].Value.IsZero ? 0 : 1);
            html.Add($"<rect class=\"bar\" x=\"{F(Left + i * slot + slot * 0.1)}\" y=\"{F(Height - Bottom - h)}\" width=\"{F(Math.Max(slot * 0.8, 0.5))}\" height=\"{F(h)}\"><title>{points[i].Label}: {ExplorerFormat.Number(points[i].Value)} {valueName}</title></rect>\n");
        }
        html.Add($"<text class=\"tick\" x=\"{Left}\" y=\"{Top - 8}\">max {ExplorerFormat.Number(max)} {valueName}</text>\n");
        html.Add($"<text class=\"tick\" x=\"{Left}\" y=\"{Height - 8}\">{points[0].Label}</text>\n");
        html.Add($"<text class=\"tick\" x=\"{Width - Right}\" y=\"{Height - 8}\" text-anchor=\"end\">{points[^1].Label}</text>\n");
        html.Add($"</svg>\n<details><summary>Data</summary>\n<table><thead><tr><th scope=\"col\">Label</th><th scope=\"col\">{valueName}</th></tr></thead><tbody>\n");
        foreach (var (label, value) in points) html.Add($"<tr><td>{label}</td><td class=\"num\">{ExplorerFormat.Number(value)}</td></tr>\n");
        html.Add($"</tbody></table>\n</details>\n</figure>\n");
        return html.ToMarkup();
    }

    private static double Ratio(BigInteger value, BigInteger max) => (double)(value * 10_000 / max) / 10_000;

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
