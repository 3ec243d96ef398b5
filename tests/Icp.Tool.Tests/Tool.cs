namespace Icp.Tool.Tests;

/// <summary>What one run of the tool did.</summary>
internal sealed record ToolResult(int Exit, string Out, string Err)
{
    /// <summary>The output without its final newline.</summary>
    public string Line => Out.TrimEnd('\n', '\r');
}

/// <summary>Runs <see cref="CandidTool"/> in-process and checks the outcome.</summary>
internal static class Tool
{
    public static ToolResult Run(params string[] args) => RunWithInput("", args);

    public static ToolResult RunWithInput(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        int exit = CandidTool.Run(args, input, output, error);
        return new ToolResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs, asserts success with nothing on stderr, and returns stdout without the final newline.</summary>
    public static string Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.Exit == 0, $"exit {r.Exit}: {r.Err}");
        Assert.Equal("", r.Err);
        return r.Line;
    }

    /// <summary>Asserts a failure: exit 1, nothing on stdout, exactly one line on stderr, starting with <c>error: </c>.
    /// Returns that line.</summary>
    public static string AssertFailure(ToolResult r)
    {
        Assert.Equal(1, r.Exit);
        Assert.Equal("", r.Out);
        Assert.EndsWith("\n", r.Err, StringComparison.Ordinal);
        string line = r.Err[..^1];
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        return line;
    }

    /// <summary>Runs and asserts a failure (see <see cref="AssertFailure"/>).</summary>
    public static string Fails(params string[] args) => AssertFailure(Run(args));
}
