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
    public override CandidType Resolve()
    {
        if (_resolved is not null) return _resolved;
        CandidType t = this;
        int hops = 0;
        while (t is CandidTypeReference r)
        {
            if (r._target is null) throw new CandidTypeException($"type '{r.Name}' is not defined");
            t = r._target;
            // A chain longer than any sane program means the references form a loop (type A = B; type B = A).
            if (++hops > 10_000 || ReferenceEquals(t, this))
                throw new CandidTypeException($"type '{Name}' is defined only in terms of itself");
        }
        _resolved = t;
        return t;
    }

    /// <summary>References are equal when they have the same name.</summary>
    public override bool Equals(CandidType? other) => other is CandidTypeReference r && r.Name == Name;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine("ref", Name);
}
