using System.Reflection;

namespace Icp.Candid.Generator;

/// <summary>
/// Generates C# from a <c>.did</c> program: a record per Candid record, a closed hierarchy per variant, a
/// fast-path <see cref="CandidConverter{T}"/> per type (no reflection), the Candid types, and a client class
/// with one async method per service method over an <see cref="ICanisterTransport"/>.
/// </summary>
/// <example><code>
/// var program = CandidProgram.Load("icrc1.did");
/// foreach (var file in CSharpClientGenerator.Generate(program, new GeneratorOptions { Namespace = "My.Ledger", ClientName = "Icrc1Client" }))
///     File.WriteAllText(Path.Combine("Generated", file.Name), file.Text);
/// </code></example>
public static class CSharpClientGenerator
{
    /// <summary>The generator's version (the package version, without build metadata), written into the
    /// <c>GeneratedCode</c> attributes.</summary>
    public static string Version { get; } =
        (typeof(CSharpClientGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>Generates the files for <paramref name="program"/>: <c>{CandidClassName}.g.cs</c> with the types and
    /// converters, and <c>{ClientName}.g.cs</c> with the client when the program has a service.</summary>
    /// <exception cref="ArgumentException">The options are invalid (no namespace, or a name that is not a C# identifier).</exception>
    /// <exception cref="CandidTypeException">The program uses a type that has no C# mapping.</exception>
    public static IReadOnlyList<GeneratedFile> Generate(CandidProgram program, GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Namespace) || !options.Namespace.Split('.').All(IsIdentifier))
            throw new ArgumentException($"'{options.Namespace}' is not a C# namespace", nameof(options));
        string client = options.ClientName ?? "CanisterClient";
        if (!IsIdentifier(client)) throw new ArgumentException($"'{client}' is not a C# class name", nameof(options));
        string candid = options.CandidClassName
            ?? (client.EndsWith("Client", StringComparison.Ordinal) && client.Length > 6 ? client[..^6] + "Candid" : client + "Candid");
        if (!IsIdentifier(candid) || candid == client) throw new ArgumentException($"'{candid}' is not a usable class name", nameof(options));
        return new ClientEmitter(program, options, client, candid).Run();
    }

    /// <summary>The client name used when none is given: the file name in PascalCase with <c>Client</c> appended
    /// (<c>icrc1_ledger.did</c> → <c>Icrc1LedgerClient</c>).</summary>
    public static string DefaultClientName(string didPath)
    {
        ArgumentNullException.ThrowIfNull(didPath);
        string? pascal = CSharpNames.Pascal(Path.GetFileNameWithoutExtension(didPath));
        return (pascal is null || !char.IsLetter(pascal[0]) ? "Canister" : pascal) + "Client";
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');
}
