using System.Text;

namespace Icp.Candid;

/// <summary>
/// Reads input files (<c>.did</c> sources and their imports, the tool's message files) with a size cap.
/// The size comes from the file system before anything is read, and no more than that is read: a device
/// such as <c>/dev/zero</c> or a pipe such as <c>/dev/stdin</c> reports no size, so it reads as empty
/// instead of reading until memory runs out or blocking.
/// </summary>
internal static class BoundedFile
{
    /// <summary>The largest <c>.did</c> file read: 4 MiB, a hundred times the largest interfaces in use.</summary>
    public const long MaxSourceBytes = 4L << 20;

    /// <summary>The file's bytes, at most <paramref name="maxBytes"/>.</summary>
    /// <exception cref="IOException">The file is larger than the cap, cannot be read, or names no file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        if (path.Contains('\0')) throw new IOException("a file name cannot hold a NUL character");
        var info = new FileInfo(path);
        // A symbolic link reports its own length: follow it to the file it names.
        if (info.LinkTarget is not null)
        {
            if (File.ResolveLinkTarget(path, returnFinalTarget: true) is not FileInfo target || !target.Exists)
                throw new IOException("not a regular file");
            info = target;
        }
        if (Directory.Exists(info.FullName)) throw new UnauthorizedAccessException("is a directory, not a file");
        if (!info.Exists) throw new FileNotFoundException("no such file", path);
        long length = info.Length;
        if (length > maxBytes) throw new IOException($"the file has {length:N0} bytes, more than the limit of {maxBytes:N0}");
        if (length == 0) return [];
        var bytes = new byte[length];
        using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int read = 0;
        while (read < bytes.Length)
        {
            int n = stream.Read(bytes, read, bytes.Length - read);
            if (n == 0) break;
            read += n;
        }
        return read == bytes.Length ? bytes : bytes[..read];
    }

    /// <summary>The file as text (UTF-8, or as its byte order mark says), at most <paramref name="maxBytes"/> bytes of it.</summary>
    /// <exception cref="IOException">The file is larger than the cap, cannot be read, or names no file.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string ReadAllText(string path, long maxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
