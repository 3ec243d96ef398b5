using System.Diagnostics;
using System.Globalization;
using Icp.Testing;
using DotNet.Testcontainers.Configurations;

namespace Bridge.Container.Tests;

/// <summary>
/// The bridge's image, built once per test run the way docs/container.md builds it without a registry:
/// <c>dotnet publish</c> of src/Bridge.Service on the host, then <c>docker build --target prebuilt</c> from the
/// repository root on the local runtime image (<c>BRIDGE_RUNTIME_IMAGE</c>, default <c>local/dotnet-aspnet:10.0</c>).
/// </summary>
public sealed class BridgeImage : IAsyncLifetime
{
    public const string Tag = "local/bridge-container-tests:latest";

    /// <summary>The uid the image runs as (the official images' <c>app</c> user).</summary>
    public const int AppUid = 1654;

    /// <summary>Where the publish output goes (inside the build context's allowlist, beside a developer's own).</summary>
    public const string PublishDirectory = "artifacts/container/publish-tests";

    public static string RuntimeImage =>
        Environment.GetEnvironmentVariable("BRIDGE_RUNTIME_IMAGE") is { Length: > 0 } image ? image : "local/dotnet-aspnet:10.0";

    public TimeSpan PublishTime { get; private set; }

    public TimeSpan BuildTime { get; private set; }

    public long SizeBytes { get; private set; }

    public async Task InitializeAsync()
    {
        // No resource reaper (Ryuk): its image is not available without a registry; each test removes its containers.
        TestcontainersSettings.ResourceReaperEnabled = false;
        await DockerCli.RequireEngineAsync();
        var (code, _) = await DockerCli.RunAsync(["image", "inspect", RuntimeImage], TimeSpan.FromSeconds(30));
        if (code != 0)
            throw new InvalidOperationException(
                $"The runtime image '{RuntimeImage}' (BRIDGE_RUNTIME_IMAGE) is not in the engine: build it with ../shared/tools/dotnet-base-image (.ci/run does).");

        string repo = RepositoryPaths.Root;
        var watch = Stopwatch.StartNew();
        // Its own artifacts path, so the publish never shares obj/ with a build of the solution running beside it.
        var (publishCode, publishOutput) = await ProcessRunner.RunAsync("dotnet",
            ["publish", "src/Bridge.Service/Bridge.Service.csproj", "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
             "-p:UseAppHost=false", "--artifacts-path", "artifacts/container/build-tests", "-o", PublishDirectory, "--nologo"],
            TimeSpan.FromMinutes(15), repo);
        if (publishCode != 0) throw new InvalidOperationException($"dotnet publish of the bridge failed ({publishCode}):\n{publishOutput}");
        PublishTime = watch.Elapsed;

        watch.Restart();
        await DockerCli.RunCheckedAsync(
            ["build", "--target", "prebuilt", "--build-arg", $"RUNTIME_IMAGE={RuntimeImage}", "--build-arg", $"PUBLISH_DIR={PublishDirectory}",
             "-t", Tag, "."], TimeSpan.FromMinutes(10), repo);
        BuildTime = watch.Elapsed;
        SizeBytes = long.Parse((await DockerCli.RunCheckedAsync(["image", "inspect", "--format", "{{.Size}}", Tag], TimeSpan.FromSeconds(30))).Trim(),
            CultureInfo.InvariantCulture);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public override string ToString() =>
        $"image {Tag}: {SizeBytes / 1_000_000.0:F0} MB on {RuntimeImage}; publish {PublishTime.TotalSeconds:F1} s, docker build {BuildTime.TotalSeconds:F1} s";
}

[CollectionDefinition(Name)]
public sealed class BridgeImageCollection : ICollectionFixture<BridgeImage>
{
    public const string Name = "bridge image";
}
