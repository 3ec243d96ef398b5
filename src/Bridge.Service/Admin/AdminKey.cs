using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Admin;

/// <summary>
/// The admin key's SHA-256, and the check of a request's bearer key against it: both sides are hashed and compared
/// in constant time, so neither the key's length nor a matching prefix shows in the time taken. The key itself is
/// never stored past start nor logged.
/// </summary>
public sealed class AdminKey
{
    /// <summary>The shortest key accepted from <see cref="AdminOptions.KeyFile"/>.</summary>
    public const int MinimumLength = 32;

    private readonly byte[] _hash;

    /// <summary>The key configured by <see cref="AdminOptions"/> (validated at start).</summary>
    public AdminKey(IOptions<AdminOptions> options)
    {
        var o = options.Value;
        _hash = o.KeyHash is { } hex ? Convert.FromHexString(hex) : HashOf(ReadKeyFile(o.KeyFile!));
    }

    /// <summary>Whether <paramref name="authorization"/> (an <c>Authorization</c> header value) carries a bearer key at all.</summary>
    public static bool TryGetBearer(string? authorization, out string key)
    {
        const string Scheme = "Bearer ";
        if (authorization is not null && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > Scheme.Length)
        {
            key = authorization[Scheme.Length..].Trim();
            return key.Length > 0;
        }
        key = "";
        return false;
    }

    /// <summary>Whether <paramref name="key"/> is the admin key.</summary>
    public bool Matches(string key) => CryptographicOperations.FixedTimeEquals(HashOf(key), _hash);

    /// <summary>The key in <paramref name="path"/>, white space around it removed.</summary>
    internal static string ReadKeyFile(string path) => File.ReadAllText(path).Trim();

    private static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
