namespace Icp.Replica.PocketIc.Tests;

/// <summary>The server process as the client libraries start it: the port file, reuse of a running server, the TTL.</summary>
public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task The_server_stops_after_its_ttl_without_requests_and_removes_its_port_file()
    {
        using var launcher = new PocketIcLauncher();
        string portFile = Path.Combine(Path.GetTempPath(), $"pocket_ic_ttl_{Guid.NewGuid():N}.port");
        using var process = launcher.Start("--port-file", portFile, "--ttl", "2");
        try
        {
            await PocketIcServerProcess.WaitForPortFileAsync(portFile, process, TimeSpan.FromSeconds(60));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.False(File.Exists(portFile));
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            File.Delete(portFile);
        }
    }

    [Fact]
    public async Task A_second_server_with_the_same_port_file_leaves_it_to_the_running_one()
    {
        var first = new PocketIcServerProcess();
        try
        {
            await first.InitializeAsync();
            string before = await File.ReadAllTextAsync(first.PortFile);
            using var second = first.Launcher.Start("--port-file", first.PortFile);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await second.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, second.ExitCode);
            Assert.Equal(before, await File.ReadAllTextAsync(first.PortFile));
            Assert.Equal(200, (await first.SendAsync(HttpMethod.Get, "/instances")).Status);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Version_names_the_PocketIC_server_API_it_serves()
    {
        using var launcher = new PocketIcLauncher();
        using var process = launcher.Start("--version");
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal("pocket-ic-server 13.0.0\n", output);
    }
}
