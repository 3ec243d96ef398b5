using System.Diagnostics;
using System.Globalization;
using Bridge.Explorer.Benchmarks;
using Bridge.Service.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// Usage: dotnet run -c Release --project tests/Bridge.Explorer.Benchmarks -- [--store sqlite|postgres|both] [--receipts N] [--providers N] [--warm N]
// Prints the markdown table of docs/benchmarks/explorer.md on stdout (progress on stderr).
var options = BenchmarkOptions.Parse(args);
var rows = new List<string>();
foreach (bool postgres in options.Stores)
{
    TestStoreSettings.Postgres = postgres;
    rows.AddRange(await ExplorerTimings.RunAsync(postgres ? "PostgreSQL" : "SQLite", options));
}
Console.WriteLine($"Batch of {options.Receipts:N0} receipts from {options.Providers:N0} providers; cold = the first request on a freshly started bridge " +
    $"(empty tree cache, new store connections); warm = median and 90th percentile of {options.Warm} requests after it. Milliseconds, request sent " +
    "and body read on loopback.");
Console.WriteLine();
Console.WriteLine("| Store | Page | Cold ms | Warm median ms | Warm p90 ms | Bytes |");
Console.WriteLine("|---|---|---:|---:|---:|---:|");
foreach (var row in rows) Console.WriteLine(row);

namespace Bridge.Explorer.Benchmarks
{
    internal sealed record BenchmarkOptions(bool[] Stores, int Receipts, int Providers, int Warm)
    {
        public static BenchmarkOptions Parse(string[] args)
        {
            var o = new BenchmarkOptions([false], 100_000, 1_000, 30);
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                o = args[i] switch
                {
                    "--store" => o with { Stores = Value() switch { "sqlite" => [false], "postgres" => [true], "both" => [false, true], var s => throw new ArgumentException($"--store: '{s}' is not sqlite, postgres or both") } },
                    "--receipts" => o with { Receipts = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--providers" => o with { Providers = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--warm" => o with { Warm = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    var a => throw new ArgumentException($"unknown argument '{a}'"),
                };
            }
            if (o.Receipts % o.Providers != 0) throw new ArgumentException("--receipts must be a multiple of --providers");
            return o;
        }
    }

    /// <summary>Seeds one store, then times each page cold (a fresh bridge per page) and warm.</summary>
    internal static class ExplorerTimings
    {
        private const ulong Now = 1_795_961_000_000_000_000;

        public static async Task<List<string>> RunAsync(string store, BenchmarkOptions o)
        {
            string directory = Path.Combine(Path.GetTempPath(), "bridge-explorer-bench-" + Guid.NewGuid().ToString("N"));
            var seedClock = Stopwatch.StartNew();
            SeededBatch seeded;
            // Stopped, not disposed: disposing a stopped TestBridge deletes its directory, and the pages below read it.
            var seeding = await TestBridge.StartAsync(Now, services: Quiet, directory: directory);
            seeded = await SeededBatch.WriteAsync(seeding.Store, o.Providers, o.Receipts / o.Providers, Now);
            await seeding.StopAsync();
            Console.Error.WriteLine($"{store}: seeded {seeded.Receipts.Count:N0} receipts in {seedClock.Elapsed.TotalSeconds:F1} s");

            var middle = seeded.Receipts[seeded.Receipts.Count / 2];
            string p = Uri.EscapeDataString(middle.Provider.ToString()), id = Uri.EscapeDataString(middle.ReceiptId);
            long n = seeded.Sequence, count = seeded.Receipts.Count;
            (string Name, string Path)[] pages =
            [
                ("Batch page, first receipts", $"/explorer/batches/{n}"),
                ("Batch page, middle receipts", $"/explorer/batches/{n}?from={count / 2}"),
                ("Batch page, last receipts", $"/explorer/batches/{n}?from={count - 100}"),
                ("Node page (its receipts, batches, rewards)", $"/explorer/nodes/{p}"),
                ("Receipt page", $"/explorer/receipt?provider={p}&id={id}"),
                ("Proof page (audit path)", $"/explorer/proof?provider={p}&id={id}"),
                ("JSON receipt with proof", $"/v1/receipts/{p}/{id}"),
                ("Overview (charts)", "/explorer"),
                ("Epochs (chart)", "/explorer/epochs"),
            ];
            var rows = new List<string>();
            foreach (var (name, path) in pages)
            {
                var bridge = await TestBridge.StartAsync(Now, services: Quiet, directory: directory);
                try
                {
                    // Something else first, so "cold" is this page's own cost rather than the first request's start-up.
                    (await bridge.Http.GetAsync("/health")).EnsureSuccessStatusCode();
                    var (cold, bytes) = await TimeAsync(bridge.Http, path);
                    var warm = new List<double>();
                    for (int i = 0; i < o.Warm; i++) warm.Add((await TimeAsync(bridge.Http, path)).Ms);
                    warm.Sort();
                    rows.Add($"| {store} | {name} | {cold:F1} | {warm[warm.Count / 2]:F1} | {warm[(int)(warm.Count * 0.9)]:F1} | {bytes:N0} |");
                    Console.Error.WriteLine(rows[^1]);
                }
                finally
                {
                    await bridge.StopAsync();
                }
            }
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
            return rows;
        }

        // No log output: stdout is the table (the bridge's workers log that the IC they point at is not there).
        private static void Quiet(IServiceCollection services) => services.RemoveAll<ILoggerProvider>();

        private static async Task<(double Ms, long Bytes)> TimeAsync(HttpClient http, string path)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            var body = await response.Content.ReadAsByteArrayAsync();
            clock.Stop();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            return (clock.Elapsed.TotalMilliseconds, body.Length);
        }
    }
}
