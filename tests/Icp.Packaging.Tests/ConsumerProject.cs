namespace Icp.Packaging.Tests;

/// <summary>
/// A user's project in a temporary folder beside the feed: <c>Consumer/</c> of this test project with the package
/// version filled in, restored and built once (from the packages only), and the Greeter canister compiled for it.
/// </summary>
public sealed class ConsumerProject
{
    private readonly PackedFeed _feed;

    public ConsumerProject(PackedFeed feed)
    {
        _feed = feed;
        _build = new(BuildOnceAsync);
    }

    private readonly Lazy<Task<ProcessResult>> _build;

    /// <summary>The project folder.</summary>
    public string Folder => Path.Combine(_feed.Root, "consumer");

    /// <summary>The compiled Greeter canister.</summary>
    public string Wasm => Path.Combine(_feed.Root, "greeter.wasm");

    /// <summary>How long the first restore and build took.</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>The first restore and build (the same task for every caller).</summary>
    public Task<ProcessResult> BuildAsync() => _build.Value;

    /// <summary>A build of the project as it is now, e.g. after an edit.</summary>
    public Task<ProcessResult> BuildAgainAsync() => DotnetBuildAsync(_feed, Folder);

    /// <summary>The generated file <paramref name="name"/> of the <c>Candid</c> item <c>greeter.did</c>.</summary>
    public string Generated(string name) => File.ReadAllText(Path.Combine(Folder, "obj", "Release", "net10.0", "candid", "greeter", name));

    private async Task<ProcessResult> BuildOnceAsync()
    {
        var feed = _feed;
        string template = Path.Combine(Icp.Testing.RepositoryPaths.Root, "tests", "Icp.Packaging.Tests", "Consumer");
        string folder = Path.Combine(feed.Root, "consumer");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "Program.cs", "greeter.did", "types.did" })
            File.Copy(Path.Combine(template, name), Path.Combine(folder, name));
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(template, "Consumer.csproj.template")).Replace("$VERSION$", feed.Version, StringComparison.Ordinal));

        // The Motoko compiler the replica's tests use (npm `motoko`, offline).
        string motoko = Path.Combine(Icp.Testing.RepositoryPaths.Root, "tests", "Icp.Replica.Tests", "motoko");
        if (!File.Exists(Path.Combine(motoko, "node_modules", "motoko", "package.json")))
            throw new InvalidOperationException("tests/Icp.Replica.Tests/motoko/node_modules is missing: run `npm ci --prefix tests/Icp.Replica.Tests/motoko` (.ci/run does)");
        var compile = await ProcessRunner.RunAsync("node",
            ["build.mjs", Path.Combine(template, "Greeter.mo"), Path.Combine(feed.Root, "greeter.wasm"), Path.Combine(feed.Root, "greeter.compiled.did")],
            motoko, timeout: TimeSpan.FromMinutes(5));
        if (compile.ExitCode != 0) throw new InvalidOperationException("Greeter.mo did not compile:\n" + compile.Tail);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var build = await DotnetBuildAsync(feed, folder);
        BuildTime = clock.Elapsed;
        return build;
    }

    private static Task<ProcessResult> DotnetBuildAsync(PackedFeed feed, string folder) =>
        ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release", "-tl:off", "-nodeReuse:false"], folder, feed.Environment, TimeSpan.FromMinutes(10));
}
