using System.Diagnostics;
using System.Net;
using Bridge.Service.Dev;
using Icp.Testing;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace Bridge.Container.Tests;

/// <summary>
/// The Dockerfile's default target (<c>final</c>): restored and published inside the SDK stage, from the sources, on the
/// local SDK image (<c>BRIDGE_SDK_IMAGE</c>, built by .ci/dotnet-sdk-image) with the NuGet source this machine uses
/// (build arguments, host networking for the build), then run against the in-process replica: ready, <c>/health</c>
/// answering, the bridge process not root. The other container tests use the <c>prebuilt</c> target.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SourceImageTests(ITestOutputHelper output)
{
    private const string Tag = "local/bridge-source-tests:latest";

    /// <summary>An empty folder for the <c>prebuilt</c> stage, which the classic builder builds before <c>final</c> too.</summary>
    private const string EmptyPublishDirectory = "artifacts/container/none";

    private static string SdkImage =>
        Environment.GetEnvironmentVariable("BRIDGE_SDK_IMAGE") is { Length: > 0 } image ? image : "local/dotnet-sdk:10.0";

    [Fact]
    public async Task The_image_built_from_source_in_the_SDK_stage_runs_as_non_root_and_answers_health()
    {
        await DockerCli.RequireEngineAsync();
        foreach (var required in new[] { SdkImage, BridgeImage.RuntimeImage })
        {
            var (code, _) = await DockerCli.RunAsync(["image", "inspect", required], TimeSpan.FromSeconds(30));
            Assert.True(code == 0, $"the image '{required}' is not in the engine: .ci/run builds it (../shared/tools/dotnet-base-image, .ci/dotnet-sdk-image)");
        }

        string repo = RepositoryPaths.Root;
        Directory.CreateDirectory(Path.Combine(repo, EmptyPublishDirectory));
        string source = await NuGetSourceAsync(repo);
        var watch = Stopwatch.StartNew();
        await DockerCli.RunCheckedAsync(
            ["build", "--network", "host", "--target", "final",
             "--build-arg", $"SDK_IMAGE={SdkImage}", "--build-arg", $"RUNTIME_IMAGE={BridgeImage.RuntimeImage}",
             "--build-arg", $"PUBLISH_DIR={EmptyPublishDirectory}", "--build-arg", $"NUGET_SOURCE={source}",
             "--build-arg", $"NUGET_CERT_REVOCATION_MODE={RevocationMode}", "-t", Tag, "."], TimeSpan.FromMinutes(20), repo);
        output.WriteLine($"docker build --target final from {SdkImage}, restoring from {source}: {watch.Elapsed.TotalSeconds:F0} s");

        string directory = Path.Combine(Path.GetTempPath(), "bridge-source-image-" + Guid.NewGuid().ToString("N"));
        await using var dev = await DevEnvironment.StartAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dev:DataDirectory"] = directory,
            ["Dev:ReplicaPort"] = "0",
        }).Build(), CancellationToken.None);
        await using var keys = await KeyDirectory.CreateAsync(new Dictionary<string, string>
        {
            ["poster.pem"] = dev.Settings["Keys:Poster"]!,
            ["payout.pem"] = dev.Settings["Keys:Payout"]!,
        });
        var environment = DevContainerSettings.For(dev, "emc-source-image");
        string volume = "bridge-source-data-" + Guid.NewGuid().ToString("N")[..12];
        await using var bridge = await BridgeContainer.StartAsync(environment, keys.Path, volume, image: Tag);
        await bridge.WaitUntilReadyAsync(Stopwatch.StartNew(), TimeSpan.FromMinutes(2));

        using var http = new HttpClient { BaseAddress = bridge.Address, Timeout = TimeSpan.FromSeconds(10) };
        using var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var uid = await bridge.ExecAsync("bash", "-c", "awk '/^Uid:/ { print $2 }' /proc/1/status");
        Assert.Equal(0, uid.ExitCode);
        Assert.Equal(BridgeImage.AppUid.ToString(System.Globalization.CultureInfo.InvariantCulture), uid.Stdout.Trim());
        // Built from source, not copied: the SDK stage's output is what runs.
        var assembly = await bridge.ExecAsync("test", "-s", "/app/Bridge.Service.dll");
        Assert.Equal(0, assembly.ExitCode);
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>NuGet's certificate revocation mode as this machine sets it (<c>offline</c> behind an egress proxy), else online.</summary>
    private static string RevocationMode =>
        Environment.GetEnvironmentVariable("NUGET_CERT_REVOCATION_MODE") is { Length: > 0 } mode ? mode : "online";

    /// <summary>The first enabled package source of the repository's NuGet configuration (the machine's, as `dotnet restore` here sees it).</summary>
    private static async Task<string> NuGetSourceAsync(string repo)
    {
        var (code, listed) = await ProcessRunner.RunAsync("dotnet", ["nuget", "list", "source", "--format", "short"], TimeSpan.FromMinutes(2), repo);
        Assert.True(code == 0, $"dotnet nuget list source failed ({code}):\n{listed}");
        var enabled = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("E ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).ToList();
        Assert.True(enabled.Count > 0, $"no enabled NuGet source:\n{listed}");
        return enabled[0];
    }
}
