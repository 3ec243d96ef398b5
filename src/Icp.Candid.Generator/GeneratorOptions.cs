namespace Icp.Candid.Generator;

/// <summary>What <see cref="CSharpClientGenerator"/> generates and how it names it.</summary>
public sealed class GeneratorOptions
{
    /// <summary>The C# namespace of the generated types (required), e.g. <c>My.Ledger</c>.</summary>
    public string Namespace { get; set; } = "";

    /// <summary>The name of the client class; <c>CanisterClient</c> when not set.</summary>
    public string? ClientName { get; set; }

    /// <summary>The name of the static class that holds the Candid types and converters; by default the client
    /// name with <c>Client</c> replaced by <c>Candid</c> (<c>Icrc1Client</c> → <c>Icrc1Candid</c>).</summary>
    public string? CandidClassName { get; set; }

    /// <summary>The name of the <c>.did</c> file, for the header comment of the generated files; optional.</summary>
    public string? SourceName { get; set; }

    /// <summary>Generate the client class (when the program has a service). Default true.</summary>
    public bool GenerateClient { get; set; } = true;

    /// <summary>The accessibility of the generated top-level types; <see cref="GeneratedAccess.Public"/> by default,
    /// <see cref="GeneratedAccess.Internal"/> to keep a client an implementation detail of its assembly.</summary>
    public GeneratedAccess Access { get; set; } = GeneratedAccess.Public;
}

/// <summary>The accessibility of generated types (like Grpc.Tools' <c>Access</c> metadata).</summary>
public enum GeneratedAccess
{
    /// <summary><c>public</c> types.</summary>
    Public,

    /// <summary><c>internal</c> types.</summary>
    Internal,
}

/// <summary>One generated source file.</summary>
/// <param name="Name">The file name, e.g. <c>Icrc1Client.g.cs</c>.</param>
/// <param name="Text">The C# source, with <c>\n</c> line ends.</param>
public sealed record GeneratedFile(string Name, string Text);
