using System.Net;
using Bridge.Service.Dev;
using Bridge.Service.Store;
using Bridge.Service.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace Bridge.Explorer.Tests;

/// <summary>
/// One bridge for the explorer's tests, as <c>--dev</c> runs it (in-process replica, rollup and ledger canisters) with
/// posting on: node A registered, receipts (one with markup in every free-text field) cut, posted and final; and one
/// Chromium (Debian's, headless, a fresh profile) driven by Playwright.
/// </summary>
public sealed class ExplorerBridge : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A receipt whose free-text fields would run script if the explorer did not encode them.</summary>
    public const string HostileId = "x\"><script>window.__pwned=1</script>";
    public const string HostileWorkload = "<script>window.__pwned=2</script>";
    public const string HostileGpu = "<img src=x onerror=\"window.__pwned=3\">";

    public static readonly string[] PlainIds = ["r-001", "r-002", "r-003", "r-004"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bridge-explorer-" + Guid.NewGuid().ToString("N"));
    private DevEnvironment? _dev;
    private TestBridge? _bridge;
    private IPlaywright? _playwright;

    internal TestBridge Bridge => _bridge!;

    public IBrowserContext Browser { get; private set; } = null!;

    public Uri BaseAddress => _bridge!.Http.BaseAddress!;

    /// <summary>Where the screenshots go: <c>TestResults/explorer-screenshots/</c> beside this project.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(Icp.Testing.RepositoryPaths.Root, "tests", "Bridge.Explorer.Tests", "TestResults", "explorer-screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _dev = await DevEnvironment.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dev:DataDirectory"] = _directory,
            ["Dev:ReplicaPort"] = "0",
            ["Bridge:ChallengeWindow"] = "00:00:02",
        }).Build(), CancellationToken.None);
        var settings = _dev.Settings.ToDictionary(kv => kv.Key, kv => kv.Value!);
        settings["Bridge:PostBatches"] = "true";
        settings["Bridge:BatchInterval"] = "00:00:01";
        settings["Bridge:ChallengeWindow"] = "00:00:02";
        settings["Bridge:EpochLength"] = "1.00:00:00";   // epoch 1 is the current one for the whole test run: the settler never settles it
        _bridge = await TestBridge.StartAsync(null, settings, directory: _directory);

        using (var registered = await _bridge.Http.PostAsync("/v1/nodes", Conformance.Json(Conformance.RegistrationBody("node-a"))))
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        ulong now = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100 - 5_000_000_000;
        var bodies = PlainIds.Select((id, i) => SignedReceipts.Make(id, now, _dev.LedgerId, gpuSeconds: 30 + (ulong)i).Body)
            .Append(SignedReceipts.Make(HostileId, now, _dev.LedgerId, workload: HostileWorkload, gpuModel: HostileGpu).Body);
        foreach (var body in bodies)
        {
            using var response = await _bridge.Http.PostAsync("/v1/receipts", Conformance.Json(body));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        foreach (var id in PlainIds.Append(HostileId)) await WaitFinalAsync(id);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(_directory, "chromium-profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Playwright passes the profile as --user-data-dir itself (a fresh folder per run); the rest keep Chromium offline and quiet.
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    // Through the store: the JSON route cannot serve the hostile id, whose "/" arrives as %2F, which ASP.NET Core leaves encoded in route values.
    private async Task WaitFinalAsync(string id)
    {
        StoredBatch? batch = null;
        for (int i = 0; i < 600; i++)
        {
            var stored = await _bridge!.Store.GetReceiptAsync(SignedReceipts.NodeA.Sender, id);
            batch = stored?.Batch is { } sequence ? await _bridge.Store.GetBatchAsync(sequence) : null;
            if (batch?.State == BatchState.Final) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"receipt {id} did not become final: its batch is {batch?.State.ToString() ?? "none"}");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_bridge is not null) await _bridge.DisposeAsync();
        if (_dev is not null) await _dev.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
