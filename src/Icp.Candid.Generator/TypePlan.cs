namespace Icp.Candid.Generator;

/// <summary>What a generated C# type stands for.</summary>
internal enum GenKind
{
    /// <summary>A record: a class with one property per field.</summary>
    Record,
    /// <summary>A variant: an abstract record with a nested sealed record per alternative.</summary>
    Variant,
    /// <summary>A definition that is recursive through aliases only (<c>type o = opt o</c>): a record with one <c>Value</c>.</summary>
    Wrapper,
}

/// <summary>A C# type reference: its spelling and whether it is a value type and admits null.</summary>
internal sealed record CsType(string Name, bool IsValueType, bool IsNullable);

/// <summary>A property of a record or wrapper, or an alternative of a variant.</summary>
internal sealed record GenMember(CandidField Field, string Name, CsType? Type, string? Converter, int SortedIndex, bool Required);

/// <summary>A generated C# type.</summary>
internal sealed class GenType(GenKind kind, string name, CandidType node)
{
    public GenKind Kind { get; } = kind;

    /// <summary>The C# name (unique in the namespace).</summary>
    public string Name { get; } = name;

    /// <summary>The record or variant node; for a wrapper, the definition's body.</summary>
    public CandidType Node { get; } = node;

    /// <summary>The Candid definition name, for named types.</summary>
    public string? DefinitionName { get; init; }

    /// <summary>Where an anonymous type sits, for its doc comment.</summary>
    public string? Origin { get; init; }

    public string? Doc { get; init; }

    /// <summary>The expression of its Candid type.</summary>
    public string TypeExpression { get; set; } = "";

    /// <summary>The name of its field in the Types class, for anonymous types.</summary>
    public string? TypeField { get; set; }

    public string ConverterField { get; set; } = "";

    public string ConverterClass { get; set; } = "";

    public List<GenMember> Members { get; } = [];

    public bool IsTuple { get; set; }
}
