using System.Diagnostics;

namespace Bridge.CrashTests.Processes;

/// <summary>
/// One bridge instance: <c>dotnet Bridge.Service.dll</c> configured by environment variables (<c>Section__Key</c>) on
/// a fixed port, started again on the same port after each kill.
/// </summary>
internal sealed class BridgeProcess(string name, int port, IReadOnlyDictionary<string, string> settings, string logPath) : IAsyncDisposable
{
    private ChildProcess? _process;

    public string Name => name;

    public Uri Url { get; } = new($"http://127.0.0.1:{port}/");

    public ChildProcess? Process => _process;

    /// <summary>Starts the process and waits until <c>/health</c> answers; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(HttpClient http)
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException($"{name} is running");
        var started = Stopwatch.StartNew();
        var environment = settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        environment["ASPNETCORE_URLS"] = Url.ToString();
        environment["DOTNET_gcServer"] = "0";
        _process = ChildProcess.Start(BuiltPrograms.BridgeService, [], environment, logPath);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{name} exited at start; see {logPath}");
            if (started.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"{name} did not answer /health in 120 s; see {logPath}");
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(new Uri(Url, "health"), timeout.Token);
                if (response.IsSuccessStatusCode) return started.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL; the exit code shows a signal ended it (137), not a graceful stop.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"{name} is not running");
        int code = await process.KillAsync();
        Assert.True(code == 137, $"{name} exited with {code}, not by SIGKILL (137)");
        await process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
