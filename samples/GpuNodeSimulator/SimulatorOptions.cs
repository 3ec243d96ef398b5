using System.Globalization;

namespace GpuNodeSimulator;

/// <summary>The command line: <c>--bridge URL --nodes N --requesters N --rate R --duration S</c>.</summary>
internal sealed record SimulatorOptions(Uri Bridge, int Nodes, int Requesters, double ReceiptsPerSecond, TimeSpan? Duration)
{
    /// <summary>Where <c>dotnet run --project src/Bridge.Service -- --dev</c> listens.</summary>
    public static readonly Uri DevBridge = new("http://127.0.0.1:5000");

    public const string Usage = """
        GpuNodeSimulator: GPU nodes and requesters streaming signed, countersigned, fee-paid receipts to a bridge.
          --bridge URL      the bridge (default http://127.0.0.1:5000, the --dev bridge)
          --nodes N         nodes, alternately Ed25519 and secp256k1 (default 4)
          --requesters N    requesters, alternately secp256k1 and Ed25519 (default 3)
          --rate R          receipts per second (default 2)
          --duration S      stop sending after S seconds, then wait until their epochs are paid (default: run until Ctrl+C)
        """;

    public static SimulatorOptions Parse(string[] args)
    {
        var o = new SimulatorOptions(DevBridge, 4, 3, 2, null);
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help") throw new ArgumentException(Usage);
            if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value\n{Usage}");
            string value = args[++i];
            o = name switch
            {
                "--bridge" => o with { Bridge = Uri.TryCreate(value, UriKind.Absolute, out var u) ? u : throw new ArgumentException($"--bridge: '{value}' is not an absolute URL") },
                "--nodes" => o with { Nodes = Count(name, value) },
                "--requesters" => o with { Requesters = Count(name, value) },
                "--rate" => o with { ReceiptsPerSecond = double.TryParse(value, CultureInfo.InvariantCulture, out double r) && r > 0 && r <= 1000 ? r : throw new ArgumentException($"--rate: '{value}' is not a rate in (0, 1000]") },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(Count(name, value)) },
                _ => throw new ArgumentException($"unknown option {name}\n{Usage}"),
            };
        }
        return o;
    }

    private static int Count(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 100_000 ? n : throw new ArgumentException($"{name}: '{value}' is not a count from 1 to 100000");
}
