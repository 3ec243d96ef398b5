using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bridge.Client.Json;
using Bridge.Core.Receipts;

namespace Bridge.Service.Benchmarks;

/// <summary>
/// The client side: a fixed number of connections, each sending its next pre-serialized body as soon as the last
/// answer came back (closed loop). Counts as acknowledged only what section 3 acknowledges: 202 (stored now) and 200
/// (the same receipt stored before), per request or per batch item.
/// </summary>
internal static class LoadClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>The request bodies of <paramref name="scenario"/>, made before timing.</summary>
    public static byte[][] Bodies(LoadScenario scenario, IEnumerable<Receipt> receipts) => scenario.BatchSize == 0
        ? [.. receipts.Select(BridgeJson.Receipt)]
        : [.. receipts.Chunk(scenario.BatchSize).Select(BridgeJson.ReceiptArray)];

    public static HttpClient NewHttpClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    }) { Timeout = TimeSpan.FromMinutes(2) };

    public static async Task<LoadResult> RunAsync(BridgeUnderLoad bridge, DatabaseServerCpu? database, LoadScenario scenario, byte[][] bodies)
    {
        using var http = NewHttpClient(scenario.Connections);
        var url = new Uri(bridge.Url, scenario.Endpoint.TrimStart('/'));
        int next = -1;
        long acknowledged = 0, refused = 0;
        var latencies = new long[bodies.Length];
        var cpuBefore = bridge.ProcessorTime;
        var databaseBefore = database?.ProcessorTime;
        var clientCpuBefore = ClientProcessorTime();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, scenario.Connections).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Length)
            {
                long started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(bodies[i]);
                content.Headers.ContentType = Json;
                using var response = await http.PostAsync(url, content);
                var answer = await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetTimestamp() - started;
                var (acked, notAcked) = scenario.BatchSize == 0
                    ? (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK ? (1, 0) : (0, 1))
                    : CountItems(response.StatusCode, answer, scenario.BatchSize);
                Interlocked.Add(ref acknowledged, acked);
                Interlocked.Add(ref refused, notAcked);
            }
        })));
        wall.Stop();
        var cpu = bridge.ProcessorTime - cpuBefore;
        var databaseCpu = database?.ProcessorTime - databaseBefore;
        var clientCpu = ClientProcessorTime() - clientCpuBefore;
        Array.Sort(latencies);
        return new LoadResult(scenario, acknowledged, refused, wall.Elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpu, clientCpu, databaseCpu);
    }

    /// <summary>This process's processor time so far (all threads): the client's share of the two cores.</summary>
    private static TimeSpan ClientProcessorTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>A batch answer: 200 with one result per item; an item is acknowledged when its status is 202 or 200.</summary>
    private static (int Acked, int NotAcked) CountItems(HttpStatusCode status, byte[] answer, int items)
    {
        if (status != HttpStatusCode.OK) return (0, items);
        int acked = 0, seen = 0;
        var reader = new Utf8JsonReader(answer);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 2 || !reader.ValueTextEquals("status")) continue;
            reader.Read();
            seen++;
            if (reader.GetInt32() is 202 or 200) acked++;
        }
        if (seen != items) throw new InvalidOperationException($"a batch of {items} answered {seen} results");
        return (acked, items - acked);
    }

    private static double Percentile(long[] sortedTicks, double p) =>
        sortedTicks.Length == 0 ? 0 : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)Math.Ceiling(p * sortedTicks.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
}
