using System.Collections.Concurrent;
using Icp.Candid;

namespace Bridge.Core.Protocol;

/// <summary>
/// Principals read from request bodies, by their canonical text: the providers, requesters and fee tokens of a
/// network are few next to the receipts they send, so each text is decoded and checked (base32, CRC-32, the
/// canonical form) once instead of per receipt. Only a text that parsed as a canonical principal is kept, and it is
/// found again only by the same text, so a hit answers exactly what parsing would. Bounded: past
/// <see cref="Capacity"/> texts, new ones are parsed each time and not kept.
/// </summary>
internal static class CanonicalPrincipals
{
    /// <summary>The most texts kept (about 20 MB at most).</summary>
    public const int Capacity = 100_000;

    private static readonly ConcurrentDictionary<string, Principal> Parsed = new(StringComparer.Ordinal);

    /// <summary>How many texts are kept now.</summary>
    public static int Count => Parsed.Count;

    /// <summary>The principal whose canonical text (lower case, checksum verified) is <paramref name="text"/>; false for any other text.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Principal? principal)
    {
        if (Parsed.TryGetValue(text, out principal)) return true;
        if (!Principal.TryParse(text, out var parsed) || !string.Equals(parsed.ToString(), text, StringComparison.Ordinal))
        {
            principal = null;
            return false;
        }
        principal = parsed;
        if (Parsed.Count < Capacity) Parsed.TryAdd(text, parsed);
        return true;
    }
}
