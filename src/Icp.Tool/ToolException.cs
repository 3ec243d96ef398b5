namespace Icp.Tool;

/// <summary>A failure the tool reports as one line on stderr (<c>error: ...</c>) with exit code 1.</summary>
internal class ToolException(string message) : Exception(message);

/// <summary>The command line itself is wrong (unknown command or option, missing argument); the line ends with a usage hint.</summary>
internal sealed class UsageException(string message) : ToolException(message);
