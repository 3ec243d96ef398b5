namespace Icp.Candid;

/// <summary>
/// Candid source text (a <c>.did</c> file, a type, or a value in the text format) is malformed or does not
/// type-check. The message starts with the position: <c>file.did:3:14: expected ';' but found 'nat'</c>.
/// </summary>
public class CandidSyntaxException : FormatException
{
    /// <summary>An error at a position.</summary>
    /// <param name="reason">What is wrong, without the position.</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="column">The 1-based column (in UTF-16 code units).</param>
    /// <param name="file">The file name, when the source came from a file.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public CandidSyntaxException(string reason, int line, int column, string? file = null, Exception? inner = null)
        : base(Format(reason, line, column, file), inner)
    {
        Reason = reason;
        Line = line;
        Column = column;
        File = file;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>The file the error is in, or null for source text that did not come from a file.</summary>
    public string? File { get; }

    private static string Format(string reason, int line, int column, string? file) =>
        file is null ? $"{line}:{column}: {reason}" : $"{file}:{line}:{column}: {reason}";
}
