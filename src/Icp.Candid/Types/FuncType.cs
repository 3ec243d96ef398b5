namespace Icp.Candid;

/// <summary>The annotations of a function type.</summary>
[Flags]
public enum FuncModes
{
    /// <summary>An update method.</summary>
    None = 0,
    /// <summary><c>query</c>: runs without persisting state changes.</summary>
    Query = 1,
    /// <summary><c>oneway</c>: returns nothing and is not awaited.</summary>
    Oneway = 2,
    /// <summary><c>composite_query</c>: a query that may call other queries.</summary>
    CompositeQuery = 4,
}

/// <summary>An argument or result of a function type: a type with an optional name (names are documentation only).</summary>
/// <param name="Type">The type.</param>
/// <param name="Name">The name written in the <c>.did</c> file, if any.</param>
public sealed record CandidParameter(CandidType Type, string? Name = null)
{
    /// <summary>A type is a parameter without a name.</summary>
    public static implicit operator CandidParameter(CandidType type) => new(type);

    /// <summary>Parameters are equal when their types are; names do not count.</summary>
    public bool Equals(CandidParameter? other) => other is not null && Type.Equals(other.Type) && Name == other.Name;

    /// <inheritdoc />
    public override int GetHashCode() => Type.GetHashCode();
}

/// <summary><c>func (A...) -> (R...) modes</c>: the type of a method, and of references to one.</summary>
public sealed class FuncType : CandidType
{
    private readonly CandidParameter[] _arguments;
    private readonly CandidParameter[] _results;

    /// <summary>A function type.</summary>
    /// <exception cref="CandidTypeException">A oneway function has results, or the modes are contradictory.</exception>
    public FuncType(IEnumerable<CandidParameter> arguments, IEnumerable<CandidParameter> results, FuncModes modes = FuncModes.None)
    {
        _arguments = arguments.ToArray();
        _results = results.ToArray();
        Modes = modes;
        if ((modes & FuncModes.Oneway) != 0 && _results.Length != 0)
            throw new CandidTypeException("a oneway function cannot have results");
        if (System.Numerics.BitOperations.PopCount((uint)modes) > 1)
            throw new CandidTypeException($"a function has at most one of query, composite_query and oneway, not '{modes}'");
    }

    /// <summary>The argument types, in order.</summary>
    public IReadOnlyList<CandidParameter> Arguments => _arguments;

    /// <summary>The result types, in order.</summary>
    public IReadOnlyList<CandidParameter> Results => _results;

    /// <summary>The annotations.</summary>
    public FuncModes Modes { get; }

    /// <summary>True for <c>query</c> and <c>composite_query</c>.</summary>
    public bool IsQuery => (Modes & (FuncModes.Query | FuncModes.CompositeQuery)) != 0;

    /// <summary>True for <c>oneway</c>.</summary>
    public bool IsOneway => (Modes & FuncModes.Oneway) != 0;

    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Func;

    /// <inheritdoc />
    public override bool Equals(CandidType? other) =>
        other is FuncType f && Modes == f.Modes && _arguments.AsSpan().SequenceEqual(f._arguments) && _results.AsSpan().SequenceEqual(f._results);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Modes);
        foreach (var a in _arguments) h.Add(a);
        h.Add(-1);
        foreach (var r in _results) h.Add(r);
        return h.ToHashCode();
    }
}
