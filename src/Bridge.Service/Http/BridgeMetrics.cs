using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Bridge.Service.Http;

/// <summary>The bridge's counters, served as Prometheus text at <c>GET /metrics</c>.</summary>
public sealed class BridgeMetrics
{
    private readonly ConcurrentDictionary<(string Name, string Label), long> _counters = new();
    private readonly ConcurrentDictionary<string, Func<long>> _gauges = new();

    /// <summary>Adds one to a counter with a label (<c>bridge_receipts_total{answer="202"}</c>).</summary>
    public void Count(string name, string label = "") => _counters.AddOrUpdate((name, label), 1, (_, v) => v + 1);

    /// <summary>Registers a gauge read at each scrape.</summary>
    public void Gauge(string name, Func<long> read) => _gauges[name] = read;

    /// <summary>The Prometheus text exposition.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var group in _counters.GroupBy(c => c.Key.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append("# TYPE ").Append(group.Key).Append(" counter\n");
            foreach (var c in group.OrderBy(c => c.Key.Label, StringComparer.Ordinal))
            {
                text.Append(group.Key);
                if (c.Key.Label.Length > 0) text.Append('{').Append(c.Key.Label).Append('}');
                text.Append(' ').Append(c.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        foreach (var (name, read) in _gauges.OrderBy(g => g.Key, StringComparer.Ordinal))
            text.Append("# TYPE ").Append(name).Append(" gauge\n").Append(name).Append(' ').Append(read().ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }
}
