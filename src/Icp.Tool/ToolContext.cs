namespace Icp.Tool;

/// <summary>The streams a command reads and writes.</summary>
internal sealed record ToolContext(TextReader Stdin, TextWriter Stdout, TextWriter Stderr);
