using System.Globalization;

namespace Icp.Candid.Generator;

/// <summary>
/// The names of a client's methods and parameters, chosen to read well at the call site
/// (<c>icrc1.TransferAsync(transferArgs)</c>, not <c>icrc1.Icrc1TransferAsync(arg0)</c>).
/// </summary>
internal static class MemberNames
{
    /// <summary>
    /// The PascalCase stem of each method (before <c>Async</c>), in the order given. A method whose Candid name starts
    /// with the service's own prefix (the client name without <c>Client</c>, as Candid words: <c>Icrc1Client</c> →
    /// <c>icrc1_</c>) loses it, as the client already says which service it calls: <c>icrc1_transfer</c> →
    /// <c>Transfer</c>. The prefix stays when nothing (or a digit) would be left, or when the shorter name is also
    /// another method's name, so that no two methods compete for a name.
    /// </summary>
    public static IReadOnlyList<string> MethodStems(IReadOnlyList<string> candidNames, string clientName)
    {
        string? servicePrefix = clientName.EndsWith("Client", StringComparison.Ordinal) && clientName.Length > "Client".Length
            ? clientName[..^"Client".Length] : null;
        var full = candidNames.Select(n => CSharpNames.Pascal(n) ?? "Method").ToArray();
        var shortened = candidNames.Select(n => servicePrefix is null ? null : WithoutPrefix(n, servicePrefix)).ToArray();
        var fullNames = new HashSet<string>(full, StringComparer.Ordinal);
        var shortCounts = shortened.OfType<string>().CountBy(s => s, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var stems = new string[full.Length];
        for (int i = 0; i < full.Length; i++)
        {
            string? s = shortened[i];
            stems[i] = s is not null && !fullNames.Contains(s) && shortCounts[s] == 1 ? s : full[i];
        }
        return stems;
    }

    /// <summary>The rest of <paramref name="candidName"/> after its leading words when they spell
    /// <paramref name="servicePrefix"/> (compared in PascalCase, ignoring case); null when they do not.</summary>
    private static string? WithoutPrefix(string candidName, string servicePrefix)
    {
        for (int cut = candidName.IndexOf('_'); cut > 0; cut = candidName.IndexOf('_', cut + 1))
        {
            if (!string.Equals(CSharpNames.Pascal(candidName[..cut]), servicePrefix, StringComparison.OrdinalIgnoreCase)) continue;
            string? rest = CSharpNames.Pascal(candidName[(cut + 1)..]);
            return rest is null || !char.IsLetter(rest[0]) ? null : rest;
        }
        return null;
    }

    /// <summary>
    /// The camelCase name of a parameter (before collisions are numbered): its Candid name when it has one
    /// (<c>(to : Account)</c> → <c>to</c>); else the name of its type, through <c>opt</c>
    /// (<c>(TransferArgs)</c> → <c>transferArgs</c>); else <c>arg</c> for a lone argument and <c>arg0</c>,
    /// <c>arg1</c>, ... by position among several.
    /// </summary>
    public static string Parameter(CandidParameter parameter, int index, int count)
    {
        if (parameter.Name is { } n && CSharpNames.Camel(n) is { } named) return named;
        var type = parameter.Type;
        while (type is OptType o) type = o.Inner;
        if (type is CandidTypeReference r && CSharpNames.Camel(r.Name) is { } byType) return byType;
        return count == 1 ? "arg" : "arg" + index.ToString(CultureInfo.InvariantCulture);
    }
}
