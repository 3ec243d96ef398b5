using Icp.Candid;

namespace Icp.Tool;

/// <summary>Reading the tool's inputs: files, stdin, and hex text.</summary>
internal static class InputFiles
{
    /// <summary>A one-line description of why <paramref name="path"/> could not be read.</summary>
    public static string Describe(string path, Exception ex) => ex switch
    {
        _ when Directory.Exists(path) => $"{path}: is a directory, not a file",
        FileNotFoundException or DirectoryNotFoundException => $"{path}: no such file",
        UnauthorizedAccessException => $"{path}: permission denied",
        _ => $"{path}: {ex.Message}",
    };

    /// <summary>The largest message file read: 64 MiB, far beyond the few MiB a message on the IC can have.</summary>
    public const long MaxMessageFileBytes = 64L << 20;

    /// <summary>All bytes of a file, at most <see cref="MaxMessageFileBytes"/> (a device or pipe reads as empty).</summary>
    /// <exception cref="ToolException">The file cannot be read or is too large.</exception>
    public static byte[] ReadBytes(string path)
    {
        try
        {
            return BoundedFile.ReadAllBytes(path, MaxMessageFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(Describe(path, ex));
        }
    }

    /// <summary>
    /// Hex digits to bytes. Whitespace anywhere is ignored, as is a leading <c>0x</c>; either case is accepted.
    /// </summary>
    /// <exception cref="ToolException">A character is not a hex digit, or the digit count is odd.</exception>
    public static byte[] ParseHex(string text)
    {
        var digits = new List<int>(text.Length);
        int start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start])) start++;
        if (text.AsSpan(start).StartsWith("0x", StringComparison.OrdinalIgnoreCase)) start += 2;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) continue;
            int v = HexValue(c);
            if (v < 0)
                throw new ToolException($"hex: '{Printable(c)}' at position {i + 1} is not a hex digit");
            digits.Add(v);
        }
        if (digits.Count == 0) throw new ToolException("hex: the input has no hex digits");
        if (digits.Count % 2 != 0) throw new ToolException($"hex: odd number of hex digits ({digits.Count}); each byte needs two");
        var bytes = new byte[digits.Count / 2];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(digits[2 * i] << 4 | digits[2 * i + 1]);
        return bytes;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
