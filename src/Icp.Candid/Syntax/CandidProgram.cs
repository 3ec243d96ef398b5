namespace Icp.Candid;

/// <summary>
/// A parsed <c>.did</c> file: its type definitions (including those of imported files) and its main service.
/// All type names are bound, checked for cycles of plain aliases, and methods checked to be functions.
/// </summary>
public sealed class CandidProgram
{
    private readonly Dictionary<string, CandidTypeDefinition> _byName;

    /// <summary>A program of these definitions and service (names must be unique and references bound).</summary>
    /// <exception cref="ArgumentException">Two definitions have the same name.</exception>
    public CandidProgram(IEnumerable<CandidTypeDefinition> definitions, CandidServiceDeclaration? service)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        Definitions = definitions.ToArray();
        _byName = new Dictionary<string, CandidTypeDefinition>(StringComparer.Ordinal);
        foreach (var d in Definitions)
            if (!_byName.TryAdd(d.Name, d)) throw new ArgumentException($"type '{d.Name}' is defined twice", nameof(definitions));
        Service = service;
    }

    /// <summary>The definitions: the file's own in source order, then those of imported files.</summary>
    public IReadOnlyList<CandidTypeDefinition> Definitions { get; }

    /// <summary>The main service, with the methods of <c>import service</c> files merged in; null when there is none.</summary>
    public CandidServiceDeclaration? Service { get; }

    /// <summary>The definition of <paramref name="name"/>, or null.</summary>
    public CandidTypeDefinition? FindDefinition(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A reference to the type defined as <paramref name="name"/> (bound, so it resolves), or null when there is no such definition.</summary>
    public CandidType? FindType(string name) =>
        _byName.TryGetValue(name, out var d) ? CandidType.Reference(name, d.Type) : null;

    /// <summary>The main service's type with references followed.</summary>
    /// <exception cref="InvalidOperationException">The program has no service.</exception>
    public ServiceType ResolveService() =>
        (Service ?? throw new InvalidOperationException("the program has no service declaration")).ResolveService();

    /// <summary>Parses <c>.did</c> source. Imports are read relative to the folder of <paramref name="fileName"/>;
    /// without a file name, an import is an error.</summary>
    /// <param name="source">The source text.</param>
    /// <param name="fileName">The file the source came from: used in error messages and to find imports.</param>
    /// <exception cref="CandidSyntaxException">The source is malformed, does not type-check, or an import fails.</exception>
    public static CandidProgram Parse(string source, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new CandidProgramLoader().LoadRoot(source, fileName);
    }

    /// <summary>Reads and parses a <c>.did</c> file and the files it imports. Each file must be at most 4 MiB;
    /// a file that reports no size (a device or a pipe) reads as empty.</summary>
    /// <exception cref="CandidSyntaxException">The file is malformed, does not type-check, or an import fails.</exception>
    /// <exception cref="IOException">The file cannot be read or is larger than 4 MiB.</exception>
    public static CandidProgram Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(BoundedFile.ReadAllText(path, BoundedFile.MaxSourceBytes), path);
    }

    /// <summary>Parses one type, e.g. <c>vec record { nat; text }</c>; names are looked up in <paramref name="scope"/>.</summary>
    /// <exception cref="CandidSyntaxException">The text is not a type, or names an undefined type.</exception>
    public static CandidType ParseType(string source, CandidProgram? scope = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = new CandidTokenReader(source, null);
        var type = ReadType(reader, scope);
        if (!reader.AtEnd) throw reader.Unexpected("end of input");
        return type;
    }

    /// <summary>Parses an argument type list, e.g. <c>(nat, vec Block)</c>; names are looked up in <paramref name="scope"/>.</summary>
    /// <exception cref="CandidSyntaxException">The text is not an argument type list, or names an undefined type.</exception>
    public static IReadOnlyList<CandidType> ParseArgumentTypes(string source, CandidProgram? scope = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reader = new CandidTokenReader(source, null);
        var types = ReadArgumentTypes(reader, scope);
        if (!reader.AtEnd) throw reader.Unexpected("end of input");
        return types;
    }

    /// <summary>Reads one type at the reader's position and binds its names in the scope.</summary>
    internal static CandidType ReadType(CandidTokenReader reader, CandidProgram? scope)
    {
        var bindings = new CandidBindings();
        var type = new CandidTypeParser(reader, bindings).ParseType();
        FinishScoped(bindings, scope);
        return type;
    }

    /// <summary>Reads <c>(T, ...)</c> at the reader's position and binds its names in the scope.</summary>
    internal static IReadOnlyList<CandidType> ReadArgumentTypes(CandidTokenReader reader, CandidProgram? scope)
    {
        var bindings = new CandidBindings();
        var types = new CandidTypeParser(reader, bindings).ParseParameters().Select(p => p.Type).ToArray();
        FinishScoped(bindings, scope);
        return types;
    }

    private static void FinishScoped(CandidBindings bindings, CandidProgram? scope)
    {
        bindings.BindAll(name => scope?.FindDefinition(name)?.Type);
        bindings.CheckAll();
    }

    /// <summary>Reads definitions (no imports, no service) up to a token that <paramref name="stop"/> accepts; for test files.</summary>
    internal static CandidProgram ReadDefinitions(CandidTokenReader reader, Func<CandidToken, bool> stop) =>
        new CandidProgramLoader().LoadDefinitionsOnly(reader, stop);
}
