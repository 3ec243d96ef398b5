namespace Icp.Candid;

/// <summary>
/// What a parse leaves to do once all definitions are known: bind the type names it met, and check the
/// uses that need a bound name (a method type must be a function, a service body must be a service).
/// Each entry keeps its token and file so the error points at the use.
/// </summary>
internal sealed class CandidBindings
{
    private readonly List<Pending> _references = [];
    private readonly List<Pending> _funcUses = [];
    private readonly List<Pending> _serviceUses = [];

    private sealed record Pending(CandidType Type, CandidToken At, string? File, string What);

    public CandidTypeReference AddReference(string name, CandidToken at, string? file)
    {
        var r = CandidType.Reference(name);
        _references.Add(new Pending(r, at, file, name));
        return r;
    }

    /// <summary>Records a method whose type is a name: it must name a function type.</summary>
    public void RequireFunc(CandidType type, CandidToken at, string? file, string method) => _funcUses.Add(new Pending(type, at, file, method));

    /// <summary>Records a service body that is a name: it must name a service type.</summary>
    public void RequireService(CandidType type, CandidToken at, string? file) => _serviceUses.Add(new Pending(type, at, file, ""));

    /// <summary>Binds every reference met so far with <paramref name="lookup"/>, then forgets them.</summary>
    /// <exception cref="CandidSyntaxException">A name is not defined.</exception>
    public void BindAll(Func<string, CandidType?> lookup)
    {
        foreach (var p in _references)
        {
            var r = (CandidTypeReference)p.Type;
            if (r.IsBound) continue;
            var target = lookup(r.Name) ?? throw new CandidSyntaxException($"unbound type name '{r.Name}'", p.At.Line, p.At.Column, p.File);
            r.Bind(target);
        }
        _references.Clear();
    }

    /// <summary>Checks the uses that need resolved names. Call after <see cref="BindAll"/> and the cycle check.</summary>
    public void CheckAll()
    {
        foreach (var p in _funcUses)
            if (p.Type.Resolve() is not FuncType)
                throw new CandidSyntaxException($"method '{p.What}' has type {p.Type}, which is not a function type", p.At.Line, p.At.Column, p.File);
        foreach (var p in _serviceUses)
            if (p.Type.Resolve() is not ServiceType)
                throw new CandidSyntaxException($"{p.Type} is not a service type: {CandidTypePrinter.Print(p.Type.Resolve())}", p.At.Line, p.At.Column, p.File);
        _funcUses.Clear();
        _serviceUses.Clear();
    }
}
