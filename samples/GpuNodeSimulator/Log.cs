namespace GpuNodeSimulator;

/// <summary>One timestamped line per event.</summary>
internal static class Log
{
    private static readonly object Gate = new();

    public static void Line(string message)
    {
        lock (Gate) Console.WriteLine($"{DateTime.Now:HH:mm:ss} {message}");
    }

    public static string Short(byte[] bytes) => Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(6, bytes.Length))) + "…";

    public static string Short(object principal) => principal.ToString() is { Length: > 11 } s ? s[..11] + "…" : principal.ToString()!;
}
