using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Icp.Replica.PocketIc.Tests;

/// <summary>Our PocketIC server as a client library starts it: the launcher with <c>--port-file</c>, then HTTP/JSON.</summary>
public sealed class PocketIcServerProcess : IAsyncLifetime
{
    private readonly PocketIcLauncher _launcher = new();
    private readonly string _portFile = Path.Combine(Path.GetTempPath(), $"pocket_ic_test_{Guid.NewGuid():N}.port");
    private Process? _process;

    public Uri Url { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string PortFile => _portFile;

    public PocketIcLauncher Launcher => _launcher;

    public async Task InitializeAsync()
    {
        _process = _launcher.Start("--port-file", _portFile, "--ttl", "300");
        int port = await WaitForPortFileAsync(_portFile, _process, TimeSpan.FromSeconds(60));
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>Polls the port file as the clients do: the port followed by a newline.</summary>
    public static async Task<int> WaitForPortFileAsync(string portFile, Process process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(portFile) && File.ReadAllText(portFile) is { } text && text.EndsWith('\n') && int.TryParse(text.Trim(), out int port)) return port;
            if (process.HasExited) throw new InvalidOperationException($"the server exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"no port in {portFile} after {timeout}");
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Url, path.TrimStart('/')));
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Creates an instance with one application subnet, as @dfinity/pic does by default; returns its id.</summary>
    public async Task<int> CreateInstanceAsync()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/instances", new
        {
            subnet_config_set = new { application = new[] { new { state_config = "New", instruction_config = "Production" } }, system = Array.Empty<object>() },
        });
        Assert.True(status == 201, body.ToString());
        return body.GetProperty("Created").GetProperty("instance_id").GetInt32();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _launcher.Dispose();
        File.Delete(_portFile);
    }
}
