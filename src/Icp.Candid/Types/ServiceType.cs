using System.Text;

namespace Icp.Candid;

/// <summary>A method of a service: a name and a function type (or a reference to one).</summary>
/// <param name="Name">The method name.</param>
/// <param name="Type">A <see cref="FuncType"/>, or a reference that resolves to one.</param>
/// <param name="Doc">The documentation comment written before the method, if any.</param>
public sealed record CandidMethod(string Name, CandidType Type, string? Doc = null)
{
    /// <summary>The method's function type, references followed.</summary>
    /// <exception cref="CandidTypeException">The type is not a function type.</exception>
    public FuncType Func => Type.Resolve() as FuncType ?? throw new CandidTypeException($"method '{Name}' has type {Type}, which is not a function type");

    /// <summary>Equal name and type; documentation does not count.</summary>
    public bool Equals(CandidMethod? other) => other is not null && Name == other.Name && Type.Equals(other.Type);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Type);
}

/// <summary><c>service { ... }</c>: the interface of a canister, and the type of references to one.</summary>
public sealed class ServiceType : CandidType
{
    private readonly CandidMethod[] _methods;

    /// <summary>A service type. Methods are kept in the order of the wire format: by the UTF-8 bytes of the name.</summary>
    /// <exception cref="CandidTypeException">Two methods have the same name.</exception>
    public ServiceType(IEnumerable<CandidMethod> methods)
    {
        _methods = methods.ToArray();
        Array.Sort(_methods, (a, b) => CompareNames(a.Name, b.Name));
        for (int i = 1; i < _methods.Length; i++)
            if (_methods[i].Name == _methods[i - 1].Name)
                throw new CandidTypeException($"service has two methods named '{_methods[i].Name}'");
    }

    /// <summary>The methods, sorted by name (UTF-8 byte order).</summary>
    public IReadOnlyList<CandidMethod> Methods => _methods;

    /// <summary>The method with this name, or null.</summary>
    public CandidMethod? FindMethod(string name)
    {
        foreach (var m in _methods) if (m.Name == name) return m;
        return null;
    }

    /// <summary>Compares names by their UTF-8 bytes, the order the binary format requires.</summary>
    public static int CompareNames(string a, string b)
    {
        // UTF-16 ordinal order equals UTF-8 byte order except around surrogates; compare bytes to be exact.
        if (a.AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') < 0 && b.AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') < 0)
            return string.CompareOrdinal(a, b);
        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }

    /// <inheritdoc />
    public override CandidKind Kind => CandidKind.Service;

    /// <inheritdoc />
    public override bool Equals(CandidType? other) => other is ServiceType s && _methods.AsSpan().SequenceEqual(s._methods);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(CandidKind.Service);
        foreach (var m in _methods) h.Add(m);
        return h.ToHashCode();
    }
}
