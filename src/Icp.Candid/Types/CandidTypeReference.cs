namespace Icp.Candid;

/// <summary>
/// A type by name: <c>type List = opt record { head : nat; tail : List }</c> refers to itself through one.
/// The target is bound once, when the definitions it belongs to are all known.
/// </summary>
public sealed class CandidTypeReference : CandidType
{
    private CandidType? _target;
    private CandidType? _resolved;

    internal CandidTypeReference(string name, CandidType? target)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _target = target;
    }

    /// <summary>The name of the type referred to.</summary>
    public string Name { get; }

    /// <summary>The type the name is bound to (possibly another reference), or null while unbound.</summary>
    public CandidType? Target => _target;

    /// <summary>True once the reference is bound.</summary>
    public bool IsBound => _target is not null;

    /// <summary>Binds the reference. A reference is bound once.</summary>
    /// <exception cref="InvalidOperationException">It is bound already.</exception>
    public void Bind(CandidType target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (_target is not null) throw new InvalidOperationException($"type reference '{Name}' is bound already");
        _target = target;
    }

    /// <inheritdoc />
    public override CandidKind Kind => Resolve().Kind;

    /// <inheritdoc />
    /// <remarks>Linear in the length of the alias chain, however long, and cached on every reference of the
    /// chain, so resolving all names of a program costs time linear in its size.</remarks>
    public override CandidType Resolve()
    {
        if (_resolved is not null) return _resolved;
        // Floyd's cycle finding: the hare moves two links per step, the tortoise one; they meet only on a loop.
        CandidType hare = this, tortoise = this;
        while (true)
        {
            hare = Step(hare);
            if (hare is not CandidTypeReference) break;
            hare = Step(hare);
            if (hare is not CandidTypeReference) break;
            tortoise = ((CandidTypeReference)tortoise)._resolved ?? ((CandidTypeReference)tortoise)._target!;
            if (ReferenceEquals(hare, tortoise))
                throw new CandidTypeException($"type '{Name}' is defined only in terms of itself (a cycle of type names)");
        }
        // Remember the answer on every reference of the chain.
        for (CandidType t = this; t is CandidTypeReference r && r._resolved is null; t = r._target!) r._resolved = hare;
        return hare;
    }

    private static CandidType Step(CandidType t)
    {
        var r = (CandidTypeReference)t;
        if (r._resolved is not null) return r._resolved;
        return r._target ?? throw new CandidTypeException($"type '{r.Name}' is not defined");
    }

    /// <summary>References are equal when they have the same name.</summary>
    public override bool Equals(CandidType? other) => other is CandidTypeReference r && r.Name == Name;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine("ref", Name);
}
