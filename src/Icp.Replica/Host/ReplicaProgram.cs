using System.Globalization;

namespace Icp.Replica.Host;

/// <summary>
/// The standalone replica, like <c>dfx start</c>: <c>dotnet run --project src/Icp.Replica -- --port 4943 [--state-dir DIR]</c>.
/// Prints the URL and the root key and serves until Ctrl+C. With a state directory every answered call is on disk
/// before its answer leaves, so even SIGKILL loses nothing answered; a clean stop also compacts the journal.
/// </summary>
internal static class ReplicaProgram
{
    private const string Usage = "usage: Icp.Replica [--port PORT] [--host ADDRESS] [--state-dir DIR]   (defaults: --port 4943 --host 127.0.0.1)\n" +
        "       Icp.Replica --pocket-ic [--port-file PATH] [--ttl SECONDS] ...   (a PocketIC server; see PocketIc/PocketIcProgram)";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--pocket-ic") return await PocketIc.PocketIcProgram.Main(args[1..]).ConfigureAwait(false);
        int port = 4943;
        string? stateDir = null;
        var address = System.Net.IPAddress.Loopback;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port): i++; break;
                case "--state-dir" when value is not null: stateDir = value; i++; break;
                case "--host" when value is not null && System.Net.IPAddress.TryParse(value, out var parsed): address = parsed; i++; break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"unknown or incomplete argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        using var stop = new ShutdownSignal();

        var replica = await LocalReplica.StartAsync(new LocalReplicaOptions { HttpPort = port, HttpAddress = address, StateDirectory = stateDir, ModuleCacheDirectory = Execution.ModuleCache.DefaultDirectory() }).ConfigureAwait(false);
        await using (replica.ConfigureAwait(false))
        {
            replica.CanisterLog += (id, record) => Console.WriteLine($"[Canister {id}] {record.Text}");
            Console.WriteLine($"Icp.Replica listening on {replica.Url}");
            Console.WriteLine($"Root key: {Convert.ToHexStringLower(replica.RootKeyDer)}");
            Console.WriteLine($"Subnet:   {replica.SubnetId}");
            if (stateDir is not null) Console.WriteLine($"State:    {Path.GetFullPath(stateDir)} ({replica.CanisterIds.Count} canisters loaded)");
            Console.WriteLine("Press Ctrl+C to stop.");
            try { await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            Console.WriteLine("Stopping" + (stateDir is null ? "." : " and compacting the state journal."));
        }
        return 0;
    }
}
