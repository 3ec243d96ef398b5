namespace Bridge.CrashTests.Processes;

/// <summary>The standalone replica (<c>Icp.Replica --port 0 --state-dir DIR</c>) in its own process.</summary>
internal sealed class ReplicaProcess : IAsyncDisposable
{
    private const string Listening = "Icp.Replica listening on ";
    private readonly ChildProcess _process;

    private ReplicaProcess(ChildProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ReplicaProcess> StartAsync(string directory, string logs)
    {
        var process = ChildProcess.Start(BuiltPrograms.Replica, ["--port", "0", "--state-dir", Path.Combine(directory, "replica")],
            new Dictionary<string, string>(), Path.Combine(logs, "replica.log"));
        try
        {
            string line = await process.WaitForLineAsync(l => l.StartsWith(Listening, StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(90));
            return new ReplicaProcess(process, new Uri(line[Listening.Length..].Trim()));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
