using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Icp.Packaging.Tests;

/// <summary>
/// `dotnet pack Bridge.sln -o feed`, once for the test class, into a temporary folder of its own (test projects run
/// concurrently), with a NuGet config for projects outside the repository: the folder feed plus the usual sources,
/// and an empty package cache of its own, so no earlier build of the same version is reused.
/// </summary>
public sealed partial class PackedFeed : IAsyncLifetime
{
    /// <summary>Every package the solution makes: each project under src/.</summary>
    public static readonly string[] PackageIds =
        ["Bridge.Client", "Bridge.Core", "Bridge.Verify", "Icp.Agent", "Icp.Bls12381", "Icp.Candid", "Icp.Candid.Generator", "Icp.Ledger", "Icp.Replica", "Icp.Tool"];

    /// <summary>The temporary folder holding everything below; deleted at the end.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "icp-packaging-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The folder feed.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The NuGet config of projects under <see cref="Root"/>.</summary>
    public string NuGetConfig => Path.Combine(Root, "nuget.config");

    /// <summary>The package cache of every restore here (NUGET_PACKAGES).</summary>
    public string PackageCache => Path.Combine(Root, "nuget-packages");

    /// <summary>The version of the packages.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The user's project on this feed, shared by the tests of a class (they run one after another).</summary>
    public ConsumerProject Consumer => field ??= new ConsumerProject(this);

    /// <summary>What the pack printed.</summary>
    public ProcessResult Pack { get; private set; } = new(-1, "");

    /// <summary>How long the pack took.</summary>
    public TimeSpan PackTime { get; private set; }

    /// <summary>The environment of every dotnet command run on the packages.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = PackageCache,
        // The consumer is a user's project, not part of this repository's build.
        ["CI"] = "",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var clock = Stopwatch.StartNew();
        Pack = await ProcessRunner.RunAsync("dotnet", ["pack", Path.Combine(Icp.Testing.RepositoryPaths.Root, "Bridge.sln"), "-o", Feed, "-nodeReuse:false"],
            Icp.Testing.RepositoryPaths.Root, timeout: TimeSpan.FromMinutes(20));
        PackTime = clock.Elapsed;
        if (Pack.ExitCode != 0) return; // the tests report it
        var candid = Directory.GetFiles(Feed, "Icp.Candid.*.nupkg").Select(Path.GetFileName).Select(n => VersionOf().Match(n!)).First(m => m.Success);
        Version = candid.Groups["version"].Value;

        // The machine's package cache is a source too (it holds every dependency the solution restored), so the
        // consumer's restore needs no download; Icp.* packages come from the feed only.
        string machineCache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="icp-feed" value="{Feed}" />
                <add key="machine-cache" value="{machineCache}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="icp-feed">
                  <package pattern="Icp.*" />
                </packageSource>
                <packageSource key="machine-cache">
                  <package pattern="*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file: the temporary folder is left for the system to clean.
        }
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"^Icp\.Candid\.(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex VersionOf();
}
