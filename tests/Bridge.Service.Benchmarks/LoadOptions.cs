using System.Globalization;

namespace Bridge.Service.Benchmarks;

/// <summary>The command line: <c>--stores sqlite,postgres</c>, <c>--scale F</c> (receipts per scenario × F), <c>--ceiling-seconds S</c>,
/// <c>--scenarios "batch of 50,single"</c> (only those, e.g. to profile one), <c>--warm-up-rounds N</c> (rounds of
/// <see cref="WarmUpReceiptsPerRound"/> receipts before timing, so the table is of the bridge's steady state), <c>--bridge-env NAME=VALUE</c>
/// (repeatable: environment for the bridge process alone, e.g. <c>DOTNET_TieredPGO=0</c> to compare runtime settings).</summary>
internal sealed record LoadOptions(IReadOnlyList<string> Stores, double Scale, double CeilingSeconds, string? Postgres, IReadOnlyList<string>? Scenarios, int WarmUpRounds,
    IReadOnlyDictionary<string, string> BridgeEnvironment)
{
    /// <summary>Receipts per warm-up round (half single, half in batches of 100), sent before the measured scenarios.</summary>
    public const int WarmUpReceiptsPerRound = 4_000;

    public static LoadOptions Parse(string[] args)
    {
        string? postgres = Environment.GetEnvironmentVariable("BRIDGE_BENCH_POSTGRES") is { Length: > 0 } p ? p : null;
        var stores = new List<string> { "sqlite", "postgres" };
        double scale = 1, ceiling = 5;
        int warmUpRounds = 10;
        var bridgeEnvironment = new Dictionary<string, string>();
        List<string>? scenarios = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--stores": stores = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                case "--scale": scale = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--ceiling-seconds": ceiling = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--warm-up-rounds": warmUpRounds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--bridge-env":
                    string setting = Value();
                    int equals = setting.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0) throw new ArgumentException($"--bridge-env '{setting}': NAME=VALUE");
                    bridgeEnvironment[setting[..equals]] = setting[(equals + 1)..];
                    break;
                case "--scenarios": scenarios = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                default: throw new ArgumentException($"unknown argument '{args[i]}': --stores sqlite,postgres | --scale F | --ceiling-seconds S | --scenarios NAME,NAME | --warm-up-rounds N | --bridge-env NAME=VALUE");
            }
        }
        if (stores.Contains("postgres") && postgres is null)
        {
            Console.Error.WriteLine("BRIDGE_BENCH_POSTGRES is not set: PostgreSQL skipped (see docs/benchmarks/bridge-load.md)");
            stores.Remove("postgres");
        }
        return new LoadOptions(stores, scale, ceiling, postgres, scenarios, warmUpRounds, bridgeEnvironment);
    }
}
