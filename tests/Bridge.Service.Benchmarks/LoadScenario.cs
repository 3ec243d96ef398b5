namespace Bridge.Service.Benchmarks;

/// <summary>
/// One measured run: <paramref name="BatchSize"/> receipts per request (0 = <c>POST /v1/receipts</c>, else
/// <c>POST /v1/receipts/batch</c>) over <paramref name="Connections"/> connections, <paramref name="Receipts"/> in all.
/// </summary>
internal sealed record LoadScenario(string Name, int BatchSize, int Connections, int Receipts)
{
    public string Endpoint => BatchSize == 0 ? "/v1/receipts" : "/v1/receipts/batch";

    public int ReceiptsPerRequest => Math.Max(BatchSize, 1);

    /// <summary>
    /// The default set. Connections × receipts per request stay under the intake queue's 10,000 (Intake:QueueCapacity),
    /// so nothing is refused with 429 and every receipt is counted once.
    /// </summary>
    /// <param name="scale">Multiplies the receipts of each.</param>
    /// <param name="names">Only these (as in the table: "batch of 50"), or all when <c>null</c>.</param>
    public static IReadOnlyList<LoadScenario> Defaults(double scale, IReadOnlyList<string>? names = null)
    {
        if (names is null) return All(scale);
        var all = All(scale);
        var unknown = names.Where(n => !all.Any(s => s.Name == n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown scenario '{unknown[0]}': one of {string.Join(", ", all.Select(s => $"'{s.Name}'"))}");
        return [.. all.Where(s => names.Contains(s.Name))];
    }

    private static IReadOnlyList<LoadScenario> All(double scale) =>
    [
        new("single", 0, 32, Scaled(12_000, scale)),
        new("batch of 1", 1, 32, Scaled(12_000, scale)),
        // Moderate batches over few connections: few receipts in flight, so a request waits little behind others and
        // both goals (rate near the ceiling, p99 under 50 ms) can hold at once if the intake is efficient.
        new("batch of 50", 50, 4, Scaled(40_000, scale)),
        new("batch of 100", 100, 16, Scaled(40_000, scale)),
        new("batch of 1000", 1000, 8, Scaled(40_000, scale)),
    ];

    private static int Scaled(int receipts, double scale) => Math.Max(1_000, (int)(receipts * scale) / 1_000 * 1_000);
}

/// <summary>What one scenario measured (<paramref name="DatabaseProcessorTime"/>: the PostgreSQL server's processes, <c>null</c> for SQLite, which runs in the bridge).</summary>
internal sealed record LoadResult(
    LoadScenario Scenario, long Acknowledged, long NotAcknowledged, TimeSpan Elapsed, double P50Ms, double P99Ms, TimeSpan BridgeProcessorTime,
    TimeSpan ClientProcessorTime, TimeSpan? DatabaseProcessorTime)
{
    public double ReceiptsPerSecond => Acknowledged / Elapsed.TotalSeconds;

    public double BridgeMicrosecondsPerReceipt => BridgeProcessorTime.TotalMicroseconds / Math.Max(1, Acknowledged);

    public double ClientMicrosecondsPerReceipt => ClientProcessorTime.TotalMicroseconds / Math.Max(1, Acknowledged);

    public double? DatabaseMicrosecondsPerReceipt => DatabaseProcessorTime?.TotalMicroseconds / Math.Max(1, Acknowledged);
}
