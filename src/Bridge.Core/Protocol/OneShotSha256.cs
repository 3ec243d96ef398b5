using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Bridge.Core.Protocol;

/// <summary>
/// SHA-256 of short values, as receipt_hash needs about fifteen per receipt: through the low-level
/// <c>SHA256_Init/Update/Final</c> of the libcrypto that .NET itself loads on Linux, with the context on the stack.
/// That is OpenSSL's block function (SHA-NI where the processor has it) without the EVP layer's per-call context
/// allocation, provider lookup and error-queue clearing, which cost ten times the hashing of a few dozen bytes
/// (measured: ~0.08 µs for 32 bytes against ~1 µs through <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// and ~0.37 µs through libsodium, which has no SHA instructions). Where that library or its functions are missing, or
/// its answers differ from <see cref="SHA256"/> on the self-check run once at start, every call goes to
/// <see cref="SHA256"/>: the bytes are the same either way.
/// </summary>
internal static class OneShotSha256
{
    private const string LibCrypto = "libcrypto.so.3";

    // SHA256_CTX is 112 bytes (h[8], Nl, Nh, data[16], num, md_len: 32-bit each); room to spare.
    private const int ContextBytes = 128;

    // Values longer than this go to SHA256.HashData: the native calls skip the runtime's GC transition, which is
    // only right for calls that return within about a microsecond.
    private const int MaxNativeBytes = 1024;

    /// <summary>Whether the low-level libcrypto path is in use (false: every call goes to <see cref="SHA256"/>).</summary>
    public static bool IsNative { get; } = SelfCheck();

    /// <summary>Writes SHA-256 of <paramref name="data"/> to the first 32 bytes of <paramref name="hash"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        if (IsNative && data.Length <= MaxNativeBytes && hash.Length >= 32) Native(data, hash);
        else SHA256.HashData(data, hash);
    }

    private static void Native(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        Span<byte> context = stackalloc byte[ContextBytes];
        ref byte ctx = ref MemoryMarshal.GetReference(context);
        if (Init(ref ctx) != 1 || Update(ref ctx, ref MemoryMarshal.GetReference(data), (nuint)data.Length) != 1
            || Final(ref MemoryMarshal.GetReference(hash), ref ctx) != 1)
            SHA256.HashData(data, hash); // OpenSSL documents 1 for success; never seen otherwise
    }

    /// <summary>The native path must give <see cref="SHA256"/>'s bytes at every length around the block boundaries.</summary>
    private static bool SelfCheck()
    {
        try
        {
            Span<byte> expected = stackalloc byte[32], actual = stackalloc byte[32];
            var data = new byte[MaxNativeBytes];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 31 + 7);
            foreach (int length in (ReadOnlySpan<int>)[0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, MaxNativeBytes])
            {
                SHA256.HashData(data.AsSpan(0, length), expected);
                actual.Clear();
                Native(data.AsSpan(0, length), actual);
                if (!actual.SequenceEqual(expected)) return false;
            }
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    [DllImport(LibCrypto, EntryPoint = "SHA256_Init", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern int Init(ref byte context);

    [DllImport(LibCrypto, EntryPoint = "SHA256_Update", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern int Update(ref byte context, ref byte data, nuint length);

    [DllImport(LibCrypto, EntryPoint = "SHA256_Final", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [SuppressGCTransition]
    private static extern int Final(ref byte hash, ref byte context);
}
