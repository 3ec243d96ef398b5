using System.Diagnostics;
using System.Net;
using Bridge.Client.Http;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using Icp.Testing;
using Xunit.Abstractions;

namespace Bridge.Container.Tests;

/// <summary>
/// The stack of compose.yaml from the one image, step by step: <c>--dev-setup</c> installs the canisters into a state
/// volume and exits, the standalone replica serves that state, and a bridge configured from the setup's bridge.env
/// becomes ready against it (store, rollup canister and reward ledger reachable). PostgreSQL aside: compose's own
/// image needs a registry; the flow tests cover the bridge on PostgreSQL.
/// </summary>
[Collection(BridgeImageCollection.Name)]
public sealed class ComposeStackTests(BridgeImage image, ITestOutputHelper output)
{
    [Fact]
    public async Task The_setup_installs_the_canisters_once_and_the_replica_from_the_image_serves_them_to_a_bridge()
    {
        Assert.NotNull(image);
        string wasm = await CanisterModulesAsync();
        string volume = "bridge-test-ic-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            var setupEnvironment = new Dictionary<string, string> { ["Dev__DataDirectory"] = "/data", ["Dev__ReplicaPort"] = "0" };
            Func<ContainerBuilder, ContainerBuilder> mounts = b => b.WithBindMount(wasm, "/data/wasm", AccessMode.ReadOnly).WithCommand("--dev-setup");
            string first = await RunSetupAsync(setupEnvironment, volume, mounts);
            string again = await RunSetupAsync(setupEnvironment, volume, mounts);
            var settings = ParseEnvFile(first);
            Assert.Equal(first, again);                                  // the second run finds everything and changes nothing
            Assert.StartsWith("/data/", settings["Keys__Poster"]);

            int replicaPort = BridgeContainer.FreePort();
            await using var replica = await BridgeContainer.StartAsync(new Dictionary<string, string>(), null, null, b => b
                .WithVolumeMount(volume, "/data")
                .WithEntrypoint("dotnet", "/app/Icp.Replica.dll")
                .WithCommand("--port", replicaPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--state-dir", "/data/replica"));
            await WaitForReplicaAsync(replica, replicaPort);
            Assert.Contains("(2 canisters loaded)", await replica.LogsAsync());

            var environment = new Dictionary<string, string>(settings)
            {
                ["Ic__Url"] = $"http://127.0.0.1:{replicaPort}",
                ["Bridge__NetworkId"] = "emc-local",
                ["Store__ConnectionString"] = "Data Source=/tmp/bridge.db",
            };
            var started = Stopwatch.StartNew();
            await using var bridge = await BridgeContainer.StartAsync(environment, null, null, b => b.WithVolumeMount(volume, "/data", AccessMode.ReadOnly));
            var ready = await bridge.WaitUntilReadyAsync(started, TimeSpan.FromMinutes(2));
            output.WriteLine($"compose-like stack: bridge start to /ready 200 in {ready.TotalSeconds:F2} s");
            using var http = new HttpClient();
            var info = await new BridgeClient(http, new BridgeClientOptions { BaseAddress = bridge.Address }).GetInfoAsync();
            Assert.Equal(settings["Ic__RollupCanister"], info.RollupCanister.ToString());
            Assert.Equal(settings["Ic__RewardLedger"], info.RewardLedger.ToString());
        }
        finally
        {
            await DockerCli.RunAsync(["volume", "rm", "-f", volume], TimeSpan.FromSeconds(60));
        }
    }

    /// <summary>Runs <c>--dev-setup</c> on the volume; returns the bridge.env it left there.</summary>
    private static async Task<string> RunSetupAsync(Dictionary<string, string> environment, string volume, Func<ContainerBuilder, ContainerBuilder> mounts)
    {
        await using var setup = await BridgeContainer.StartAsync(environment, null, null, b => mounts(b.WithVolumeMount(volume, "/data")));
        long code = await setup.WaitForExitAsync(TimeSpan.FromMinutes(3));
        string logs = await setup.LogsAsync();
        Assert.True(code == 0, $"--dev-setup exited with {code}:\n{logs}");
        var (_, env) = await DockerCli.RunAsync(
            ["run", "--rm", "--network", "host", "-v", $"{volume}:/data:ro", "--entrypoint", "cat", BridgeImage.Tag, "/data/bridge.env"], TimeSpan.FromMinutes(1));
        Assert.Contains("Ic__RollupCanister=", env);
        return env;
    }

    private static Dictionary<string, string> ParseEnvFile(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('\''));

    private static async Task WaitForReplicaAsync(BridgeContainer replica, int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/api/v2/status");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the replica container did not answer /api/v2/status:\n{await replica.LogsAsync()}");
    }

    /// <summary>canisters/out with both modules, as compose.yaml mounts it; built with the pinned compiler when missing.</summary>
    private static async Task<string> CanisterModulesAsync()
    {
        string repo = RepositoryPaths.Root;
        foreach (var name in new[] { "ledger", "rollup" })
        {
            if (File.Exists(Path.Combine(repo, "canisters", "out", name + ".wasm"))) continue;
            var (code, text) = await ProcessRunner.RunAsync("node", ["canisters/build.mjs", name], TimeSpan.FromMinutes(10), repo);
            if (code != 0) throw new InvalidOperationException($"node canisters/build.mjs {name} failed ({code}); run `npm ci --prefix canisters` first:\n{text}");
        }
        return Path.Combine(repo, "canisters", "out");
    }
}
