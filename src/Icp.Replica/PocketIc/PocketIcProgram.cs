using System.Globalization;
using System.Net;
using System.Net.Sockets;

using Icp.Replica.Host;

namespace Icp.Replica.PocketIc;

/// <summary>
/// <c>Icp.Replica --pocket-ic</c>: a PocketIC server, started as the client libraries start PocketIC's binary
/// (<c>--port-file PATH</c>, <c>--ttl SECONDS</c>, <c>--port N</c>, <c>--ip-addr A</c>), so <c>POCKET_IC_BIN</c> can name a
/// script that runs <c>dotnet Icp.Replica.dll --pocket-ic "$@"</c>. The port file gets the port and a newline once the
/// server listens; the server stops after TTL seconds without requests (PocketIC's default: 60), on SIGINT or SIGTERM.
/// </summary>
internal static class PocketIcProgram
{
    /// <summary>The PocketIC server version whose REST API this serves (what @dfinity/pic 0.23 talks to).</summary>
    public const string ServerVersion = "13.0.0";

    private const string Usage = "usage: Icp.Replica --pocket-ic [--port-file PATH] [--port N] [--ip-addr ADDRESS] [--ttl SECONDS] [--version]";

    public static async Task<int> Main(string[] args)
    {
        string? portFile = null;
        int port = 0;
        int ttl = 60;
        var address = IPAddress.Loopback;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port-file" when value is not null: portFile = value; i++; break;
                case "--port" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535: i++; break;
                case "--ttl" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ttl): i++; break;
                case "--ip-addr" when value is not null && IPAddress.TryParse(value, out var parsed): address = parsed; i++; break;
                case "--log-levels" when value is not null: i++; break; // the replica's own logging is quiet; canister logs go to stderr
                case "--version" or "-V":
                    Console.WriteLine($"pocket-ic-server {ServerVersion}");
                    return 0;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"unknown or incomplete argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        // Another server already answers on the port in the file: it serves this client too (as PocketIC does).
        if (portFile is not null && await AnsweringPortAsync(portFile).ConfigureAwait(false) is { } existing)
        {
            Console.WriteLine($"A PocketIC server already listens on port {existing} (from {portFile}).");
            return 0;
        }

        using var stop = new ShutdownSignal();

        var server = await PocketIcServer.StartAsync(address, port, line => Console.Error.WriteLine(line), stop.Token).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            Console.WriteLine($"Icp.Replica PocketIC server (API {ServerVersion}) listening on http://{address}:{server.Port}");
            if (portFile is not null) WritePortFile(portFile, server.Port);
            try
            {
                while (server.IdleMilliseconds < ttl * 1000L)
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(ttl * 1000L - server.IdleMilliseconds, 100, 1000)), stop.Token).ConfigureAwait(false);
                Console.WriteLine($"No requests for {ttl} s: stopping.");
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopping.");
            }
            finally
            {
                if (portFile is not null) DeletePortFile(portFile, server.Port);
            }
        }
        return 0;
    }

    // Written to a temporary name and moved into place, so a reader never sees a partial port.
    private static void WritePortFile(string path, int port)
    {
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, port.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    private static void DeletePortFile(string path, int port)
    {
        try
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() == port.ToString(CultureInfo.InvariantCulture)) File.Delete(path);
        }
        catch (IOException)
        {
            // another server replaced it meanwhile
        }
    }

    private static async Task<int?> AnsweringPortAsync(string path)
    {
        try
        {
            if (!File.Exists(path) || !int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535) return null;
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return port;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or UnauthorizedAccessException)
        {
            return null; // a stale file from a server that is gone
        }
    }
}
