using System.Globalization;

namespace Bridge.Service.Benchmarks;

/// <summary>The markdown table of docs/benchmarks/bridge-load.md.</summary>
internal static class LoadReport
{
    public const string Header = """
        | store | endpoint | receipts per request | connections | receipts/s | p50 ms | p99 ms | ceiling receipts/s | ratio to ceiling | bridge CPU µs per receipt | client CPU µs per receipt | database CPU µs per receipt | the checks' share of all CPU |
        | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        """;

    /// <summary>
    /// One row. The last column is the ratio in processor time: what the two checks cost in the ceiling's run over what
    /// a receipt cost the bridge, the client and the database together. At full load it is what the rate ratio would
    /// be if the ceiling and the scenario had the same share of the machine (on a shared VM they do not, quite).
    /// </summary>
    public static string Row(string store, LoadResult r, double ceiling, double checkMicroseconds) => string.Create(CultureInfo.InvariantCulture,
        $"| {store} | {r.Scenario.Endpoint} | {r.Scenario.ReceiptsPerRequest:N0} | {r.Scenario.Connections} | {r.ReceiptsPerSecond:N0} | {r.P50Ms:F1} | {r.P99Ms:F1} | {ceiling:N0} | {r.ReceiptsPerSecond / ceiling:P0} | {r.BridgeMicrosecondsPerReceipt:F0} | {r.ClientMicrosecondsPerReceipt:F0} | {(r.DatabaseMicrosecondsPerReceipt is { } db ? db.ToString("F0", CultureInfo.InvariantCulture) : store == "sqlite" ? "in bridge" : "not on this machine")} | {checkMicroseconds / (r.BridgeMicrosecondsPerReceipt + r.ClientMicrosecondsPerReceipt + (r.DatabaseMicrosecondsPerReceipt ?? 0)):P0} |");
}
