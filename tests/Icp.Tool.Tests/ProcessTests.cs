using System.Diagnostics;

namespace Icp.Tool.Tests;

/// <summary>Runs the built tool as a separate process, through its real entry point.</summary>
public class ProcessTests
{
    private static (int Exit, string Out, string Err) RunProcess(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Icp.Tool.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "the tool did not finish within a minute");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void EncodeDecodeAndAnErrorThroughTheRealEntryPoint()
    {
        var encoded = RunProcess("encode", "--types", "(nat)", "(42)");
        Assert.Equal((0, "4449444c00017d2a", ""), (encoded.Exit, encoded.Out.TrimEnd(), encoded.Err));

        var decoded = RunProcess("decode", "--did", TestPaths.Icrc1, "--method", "icrc1_decimals", "--returns", "4449444c00017b08");
        Assert.Equal((0, "(8 : nat8)", ""), (decoded.Exit, decoded.Out.TrimEnd(), decoded.Err));

        var failed = RunProcess("decode", "--types", "(text)", "4449444c00017d2a");
        Assert.Equal(1, failed.Exit);
        Assert.Equal("", failed.Out);
        Assert.Equal("error: decode: expected text but the message has nat (at byte 7)", failed.Err.TrimEnd());
    }
}
