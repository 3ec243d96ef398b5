using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridge.Client.Http;
using Bridge.Client.Signing;
using Xunit.Abstractions;

namespace Bridge.CrashTests.World;

/// <summary>What the crash tests share: the seed, free ports, node registration.</summary>
internal static class CrashScene
{
    /// <summary>The seed of the kill points: <c>BRIDGE_CRASH_SEED</c> replays a printed one.</summary>
    public static int Seed(ITestOutputHelper output, string test)
    {
        int seed = Environment.GetEnvironmentVariable("BRIDGE_CRASH_SEED") is { Length: > 0 } s
            ? int.Parse(s, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"{test}: seed {seed} (replay with BRIDGE_CRASH_SEED={seed})");
        return seed;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Registers the world's nodes (owner i for node i) on the bridge at <paramref name="bridge"/>.</summary>
    public static async Task RegisterNodesAsync(CrashWorld world, Uri bridge)
    {
        using var http = new HttpClient { BaseAddress = bridge };
        var client = new BridgeClient(http);
        for (int i = 0; i < world.Nodes.Count; i++)
            await client.RegisterNodeAsync(NodeRegistrations.Sign(world.Nodes[i], CrashWorld.NetworkId, world.Owners[i].Principal));
    }
}
