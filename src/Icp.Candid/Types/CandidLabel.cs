using System.Text;

namespace Icp.Candid;

/// <summary>
/// The label of a record field or variant alternative: a 32-bit id, and the name it was hashed from
/// when it has one. Two labels are equal when their ids are (the wire format only knows ids).
/// </summary>
public readonly struct CandidLabel : IEquatable<CandidLabel>, IComparable<CandidLabel>
{
    private CandidLabel(uint id, string? name)
    {
        Id = id;
        Name = name;
    }

    /// <summary>The field id: the hash of the name, or the number written in the source.</summary>
    public uint Id { get; }

    /// <summary>The name, when the label was written as a name; null for numeric labels.</summary>
    public string? Name { get; }

    /// <summary>True when the label has a name (and its id is that name's hash).</summary>
    public bool IsNamed => Name is not null;

    /// <summary>A label written as a name: its id is <see cref="Hash(string)"/> of the name.</summary>
    public static CandidLabel FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new CandidLabel(Hash(name), name);
    }

    /// <summary>A label written as a number.</summary>
    public static CandidLabel FromId(uint id) => new(id, null);

    /// <summary>A name turns into a label with the name's hash.</summary>
    public static implicit operator CandidLabel(string name) => FromName(name);

    /// <summary>A number turns into a numeric label.</summary>
    public static implicit operator CandidLabel(uint id) => FromId(id);

    /// <summary>
    /// The Candid field hash: <c>hash(id) = (Σ utf8(id)[i] * 223^(k-i-1)) mod 2^32</c>.
    /// </summary>
    public static uint Hash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        uint h = 0;
        Span<byte> buffer = name.Length <= 128 ? stackalloc byte[name.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(name.Length)];
        int n = Encoding.UTF8.GetBytes(name, buffer);
        foreach (byte b in buffer[..n]) h = unchecked(h * 223 + b);
        return h;
    }

    /// <inheritdoc />
    public bool Equals(CandidLabel other) => Id == other.Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CandidLabel l && Equals(l);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Id;

    /// <summary>Labels order by id, the order of the wire format.</summary>
    public int CompareTo(CandidLabel other) => Id.CompareTo(other.Id);

    /// <summary>Equal ids.</summary>
    public static bool operator ==(CandidLabel left, CandidLabel right) => left.Equals(right);

    /// <summary>Different ids.</summary>
    public static bool operator !=(CandidLabel left, CandidLabel right) => !left.Equals(right);

    /// <summary>The name, or the id in decimal.</summary>
    public override string ToString() => Name ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
