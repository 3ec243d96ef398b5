using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Icp.Replica.State;

/// <summary>What a journal record holds: the whole state, or the changes of one round.</summary>
internal enum JournalRecordKind : byte
{
    /// <summary>The whole state; the first record of every journal file.</summary>
    Full = 1,
    /// <summary>What changed since the record before.</summary>
    Delta = 2,
}

/// <summary>
/// The framing of a state journal file: records of <c>"ICPJ"</c>, kind, payload length, SHA-256 of kind, length and
/// payload, then the payload. A record that is cut short or whose hash does not match ends the file: it is the
/// torn write of a crash, and nothing after it counts.
/// </summary>
internal static class JournalFile
{
    private const uint Magic = 0x4A504349; // "ICPJ" little-endian
    private const int HeaderSize = 4 + 1 + 4 + 32;

    /// <summary>The largest payload a record may claim (a guard against reading a corrupt length).</summary>
    public const int MaxPayload = int.MaxValue - 64;

    /// <summary>The file name of generation <paramref name="generation"/>.</summary>
    public static string NameOf(long generation) => $"journal.{generation:D10}.log";

    /// <summary>The generations present in <paramref name="directory"/>, newest first.</summary>
    public static List<long> Generations(string directory)
    {
        var found = new List<long>();
        if (!Directory.Exists(directory)) return found;
        foreach (string path in Directory.EnumerateFiles(directory, "journal.*.log"))
        {
            string name = Path.GetFileName(path);
            if (long.TryParse(name.AsSpan(8, name.Length - 12), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long g))
                found.Add(g);
        }
        found.Sort((a, b) => b.CompareTo(a));
        return found;
    }

    /// <summary>Frames a payload as one record.</summary>
    public static byte[] Frame(JournalRecordKind kind, ReadOnlySpan<byte> payload)
    {
        var record = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(record, Magic);
        record[4] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(5), payload.Length);
        payload.CopyTo(record.AsSpan(HeaderSize));
        Hash(record.AsSpan(4, 5), payload, record.AsSpan(9, 32));
        return record;
    }

    /// <summary>
    /// Reads the records of a file in order until the end or the first torn or corrupt one. Returns the records and
    /// the length of the valid prefix.
    /// </summary>
    public static (List<(JournalRecordKind Kind, byte[] Payload)> Records, long ValidLength) Read(string path)
    {
        var records = new List<(JournalRecordKind, byte[])>();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        long length = file.Length, position = 0;
        Span<byte> header = stackalloc byte[HeaderSize];
        Span<byte> hash = stackalloc byte[32];
        while (length - position >= HeaderSize)
        {
            file.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic) break;
            var kind = (JournalRecordKind)header[4];
            if (kind is not (JournalRecordKind.Full or JournalRecordKind.Delta)) break;
            int size = BinaryPrimitives.ReadInt32LittleEndian(header[5..]);
            if (size < 0 || size > MaxPayload || size > length - position - HeaderSize) break;
            var payload = GC.AllocateUninitializedArray<byte>(size);
            file.ReadExactly(payload);
            Hash(header.Slice(4, 5), payload, hash);
            if (!hash.SequenceEqual(header.Slice(9, 32))) break;
            records.Add((kind, payload));
            position += HeaderSize + size;
        }
        return (records, position);
    }

    private static void Hash(ReadOnlySpan<byte> kindAndLength, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(kindAndLength);
        sha.AppendData(payload);
        sha.GetHashAndReset(destination);
    }

    /// <summary>
    /// Makes a directory's entries (a created or deleted file) durable: fsync of the directory on Linux and macOS.
    /// Elsewhere nothing: Windows has no such call, and renames there are durable with the file.
    /// </summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int fd = NativeMethods.open(directory, 0); // O_RDONLY
        if (fd < 0) throw new IOException($"cannot open the state directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (NativeMethods.fsync(fd) != 0) throw new IOException($"cannot sync the state directory {directory} (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, and these take plain ints and a string.
#pragma warning disable SYSLIB1054, CA5392, CA2101
    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        internal static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        internal static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        internal static extern int close(int fd);
    }
#pragma warning restore SYSLIB1054, CA5392, CA2101
}
