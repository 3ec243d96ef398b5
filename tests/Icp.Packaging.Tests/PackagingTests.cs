using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Icp.Packaging.Tests;

/// <summary>
/// The packages as a user meets them: `dotnet pack Bridge.sln` into a folder feed, then a project outside the
/// repository that references only packages, uses the <c>Candid</c> item, the agent and the replica; and the
/// dotnet-candid tool installed from the feed.
/// </summary>
public sealed class PackagingTests(PackedFeed feed, ITestOutputHelper output) : IClassFixture<PackedFeed>
{
    private readonly ConsumerProject _consumer = feed.Consumer;

    private void AssertPacked() => Assert.True(feed.Pack.ExitCode == 0, $"dotnet pack Bridge.sln failed after {feed.PackTime}:\n{feed.Pack.Tail}");

    [Fact]
    public void EverySrcProjectIsAPackageOfTheOneVersionWithSymbolsReadmeLicenseAndRepository()
    {
        AssertPacked();
        output.WriteLine($"dotnet pack Bridge.sln took {feed.PackTime.TotalSeconds:F0} s");
        string expectedVersion = XDocument.Load(Path.Combine(Icp.Testing.RepositoryPaths.Root, "Directory.Build.props"))
            .Descendants("Version").Single().Value;
        Assert.Equal(expectedVersion, feed.Version);
        foreach (var id in PackedFeed.PackageIds)
        {
            string package = Path.Combine(feed.Feed, $"{id}.{feed.Version}.nupkg");
            Assert.True(File.Exists(package), $"{id} was not packed");
            Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id} has no symbol package");
            using var zip = ZipFile.OpenRead(package);
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal(id, Field("id"));
            Assert.False(string.IsNullOrWhiteSpace(Field("description")), $"{id} has no description");
            Assert.Equal("Apache-2.0", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            Assert.StartsWith("https://", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value, StringComparison.Ordinal);
        }
        using var generator = ZipFile.OpenRead(Path.Combine(feed.Feed, $"Icp.Candid.Generator.{feed.Version}.nupkg"));
        var files = generator.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Subset(files, new HashSet<string>
        {
            "build/Icp.Candid.Generator.props", "build/Icp.Candid.Generator.targets", "buildTransitive/Icp.Candid.Generator.targets",
            "lib/net10.0/Icp.Candid.Generator.dll", "tools/net10.0/any/Icp.Tool.dll", "tools/net10.0/any/Icp.Tool.runtimeconfig.json",
        });
    }

    [Fact]
    public async Task AProjectOutsideTheRepositoryBuildsWarningFreeFromThePackagesAndItsCallsWork()
    {
        AssertPacked();
        var build = await _consumer.BuildAsync();
        output.WriteLine($"the consumer's restore and build took {_consumer.BuildTime.TotalSeconds:F0} s");
        Assert.True(build.ExitCode == 0, "the consumer did not build:\n" + build.Tail);
        Assert.Contains(" 0 Warning(s)", build.Output, StringComparison.Ordinal);
        Assert.Contains("internal sealed partial class GreeterClient", _consumer.Generated("GreeterClient.g.cs"), StringComparison.Ordinal);

        var run = await ProcessRunner.RunAsync("dotnet", ["run", "-c", "Release", "--no-build", "--", _consumer.Wasm], _consumer.Folder, feed.Environment, TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, "the consumer failed:\n" + run.Tail);
        Assert.Equal(["Hello, packages!", "Hello, agent!", "count 5"], run.Output.ReplaceLineEndings("\n").Trim().Split('\n'));
    }

    [Fact]
    public async Task ChangingAnImportedDidFileRegeneratesTheClient()
    {
        AssertPacked();
        var build = await _consumer.BuildAsync();
        Assert.True(build.ExitCode == 0, "the consumer did not build:\n" + build.Tail);
        Assert.DoesNotContain("partial record Note", _consumer.Generated("GreeterCandid.g.cs"), StringComparison.Ordinal);

        // Only types.did changes; greeter.did, which imports it, keeps its timestamp.
        File.AppendAllText(Path.Combine(_consumer.Folder, "types.did"), "type Note = record { text : text };\n");
        var again = await _consumer.BuildAgainAsync();
        Assert.True(again.ExitCode == 0, "the consumer did not build again:\n" + again.Tail);
        Assert.Contains("partial record Note", _consumer.Generated("GreeterCandid.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheToolInstallsFromTheFeedAndRuns()
    {
        AssertPacked();
        string toolPath = Path.Combine(feed.Root, "tools");
        var install = await ProcessRunner.RunAsync("dotnet",
            ["tool", "install", "Icp.Tool", "--version", feed.Version, "--tool-path", toolPath, "--configfile", feed.NuGetConfig],
            feed.Root, feed.Environment, TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, "dotnet tool install failed:\n" + install.Tail);

        // `dotnet candid` finds dotnet-candid on the PATH, as it does for a global tool.
        var environment = new Dictionary<string, string>(feed.Environment)
        {
            ["PATH"] = toolPath + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        var help = await ProcessRunner.RunAsync("dotnet", ["candid", "--help"], feed.Root, environment, TimeSpan.FromMinutes(2));
        Assert.True(help.ExitCode == 0, "dotnet candid --help failed:\n" + help.Tail);
        Assert.Contains("generate", help.Output, StringComparison.Ordinal);
        Assert.Contains("encode", help.Output, StringComparison.Ordinal);
    }
}
