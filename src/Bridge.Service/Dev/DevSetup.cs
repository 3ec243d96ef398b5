using System.Globalization;

namespace Bridge.Service.Dev;

/// <summary>
/// <c>--dev-setup</c>: the one-shot part of <c>--dev</c> for a stack whose replica runs on its own (compose.yaml): creates
/// or finds, under <c>Dev:DataDirectory</c>, the replica state with the rollup and ledger canisters installed and the
/// PEM identities, writes the bridge's settings for them to <c>bridge.env</c> there (environment-variable form), prints
/// them, saves the replica's state and exits. The standalone replica then serves that state
/// (<c>Icp.Replica --state-dir DIR/replica</c>). Running it again on the same directory changes nothing.
/// </summary>
public static class DevSetup
{
    /// <summary>The command-line flag.</summary>
    public const string Flag = "--dev-setup";

    /// <summary>The file, in the data directory, that holds the bridge's settings.</summary>
    public const string SettingsFile = "bridge.env";

    /// <summary>Runs the setup; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct = default)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DevEnvironment.Defaults)
            .AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a != Flag)])
            .Build();
        await using var dev = await DevEnvironment.StartAsync(configuration, ct);
        // Where the replica listens and which store the bridge uses are the stack's business, not the setup's.
        var lines = dev.Settings
            .Where(kv => kv.Key is not ("Ic:Url" or "Store:Provider" or "Store:ConnectionString"))
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key.Replace(":", "__", StringComparison.Ordinal)}='{kv.Value}'"))
            .ToList();
        string path = Path.Combine(dev.DataDirectory, SettingsFile);
        await File.WriteAllLinesAsync(path, lines, ct);
        Console.WriteLine($"dev setup in {dev.DataDirectory}: replica state in {Path.Combine(dev.DataDirectory, "replica")}, settings in {path}:");
        foreach (var line in lines) Console.WriteLine("  " + line);
        return 0;
    }
}
