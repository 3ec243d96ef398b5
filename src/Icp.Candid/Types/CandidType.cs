namespace Icp.Candid;

/// <summary>
/// A Candid type. Types are immutable trees; recursion goes through <see cref="CandidTypeReference"/>
/// nodes, so every algorithm that looks at the shape of a type first calls <see cref="Resolve"/>.
/// </summary>
/// <remarks>
/// Equality is structural. References compare by name, which is what a <c>.did</c> round trip needs;
/// to compare two types up to unfolding of recursion, use <c>CandidSubtyping</c>.
/// </remarks>
public abstract class CandidType : IEquatable<CandidType>
{
    private protected CandidType() { }

    /// <summary>The kind of this type; for a reference, the kind of the type it names.</summary>
    public abstract CandidKind Kind { get; }

    /// <summary>This type with references followed to the type they name.</summary>
    /// <exception cref="CandidTypeException">A reference is unbound, or names itself through references only.</exception>
    public virtual CandidType Resolve() => this;

    /// <summary><c>null</c></summary>
    public static PrimitiveType Null { get; } = new(CandidKind.Null);
    /// <summary><c>bool</c></summary>
    public static PrimitiveType Bool { get; } = new(CandidKind.Bool);
    /// <summary><c>nat</c></summary>
    public static PrimitiveType Nat { get; } = new(CandidKind.Nat);
    /// <summary><c>int</c></summary>
    public static PrimitiveType Int { get; } = new(CandidKind.Int);
    /// <summary><c>nat8</c></summary>
    public static PrimitiveType Nat8 { get; } = new(CandidKind.Nat8);
    /// <summary><c>nat16</c></summary>
    public static PrimitiveType Nat16 { get; } = new(CandidKind.Nat16);
    /// <summary><c>nat32</c></summary>
    public static PrimitiveType Nat32 { get; } = new(CandidKind.Nat32);
    /// <summary><c>nat64</c></summary>
    public static PrimitiveType Nat64 { get; } = new(CandidKind.Nat64);
    /// <summary><c>int8</c></summary>
    public static PrimitiveType Int8 { get; } = new(CandidKind.Int8);
    /// <summary><c>int16</c></summary>
    public static PrimitiveType Int16 { get; } = new(CandidKind.Int16);
    /// <summary><c>int32</c></summary>
    public static PrimitiveType Int32 { get; } = new(CandidKind.Int32);
    /// <summary><c>int64</c></summary>
    public static PrimitiveType Int64 { get; } = new(CandidKind.Int64);
    /// <summary><c>float32</c></summary>
    public static PrimitiveType Float32 { get; } = new(CandidKind.Float32);
    /// <summary><c>float64</c></summary>
    public static PrimitiveType Float64 { get; } = new(CandidKind.Float64);
    /// <summary><c>text</c></summary>
    public static PrimitiveType Text { get; } = new(CandidKind.Text);
    /// <summary><c>reserved</c></summary>
    public static PrimitiveType Reserved { get; } = new(CandidKind.Reserved);
    /// <summary><c>empty</c></summary>
    public static PrimitiveType Empty { get; } = new(CandidKind.Empty);
    /// <summary><c>principal</c></summary>
    public static PrimitiveType Principal { get; } = new(CandidKind.Principal);
    /// <summary><c>blob</c>, that is <c>vec nat8</c>.</summary>
    public static VecType Blob { get; } = new(Nat8);

    /// <summary>The shared instance of a primitive type.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not primitive.</exception>
    public static PrimitiveType Primitive(CandidKind kind) => kind switch
    {
        CandidKind.Null => Null,
        CandidKind.Bool => Bool,
        CandidKind.Nat => Nat,
        CandidKind.Int => Int,
        CandidKind.Nat8 => Nat8,
        CandidKind.Nat16 => Nat16,
        CandidKind.Nat32 => Nat32,
        CandidKind.Nat64 => Nat64,
        CandidKind.Int8 => Int8,
        CandidKind.Int16 => Int16,
        CandidKind.Int32 => Int32,
        CandidKind.Int64 => Int64,
        CandidKind.Float32 => Float32,
        CandidKind.Float64 => Float64,
        CandidKind.Text => Text,
        CandidKind.Reserved => Reserved,
        CandidKind.Empty => Empty,
        CandidKind.Principal => Principal,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a primitive Candid type"),
    };

    /// <summary><c>opt <paramref name="inner"/></c></summary>
    public static OptType Opt(CandidType inner) => new(inner);

    /// <summary><c>vec <paramref name="element"/></c></summary>
    public static VecType Vec(CandidType element) => new(element);

    /// <summary>A record of the given fields (any order; they are kept sorted by id).</summary>
    public static RecordType Record(params IEnumerable<CandidField> fields) => new(fields);

    /// <summary>A tuple: a record whose fields are numbered 0, 1, ... in order.</summary>
    public static RecordType Tuple(params IEnumerable<CandidType> elements) =>
        new(elements.Select((t, i) => new CandidField(CandidLabel.FromId((uint)i), t)));

    /// <summary>A variant of the given alternatives (any order; they are kept sorted by id).</summary>
    public static VariantType Variant(params IEnumerable<CandidField> alternatives) => new(alternatives);

    /// <summary>A reference to the type named <paramref name="name"/>, bound later or at once.</summary>
    public static CandidTypeReference Reference(string name, CandidType? target = null) => new(name, target);

    /// <summary>The type in the Candid language, with references printed by name.</summary>
    public override string ToString() => CandidTypePrinter.Print(this);

    /// <inheritdoc />
    public abstract bool Equals(CandidType? other);

    /// <inheritdoc />
    public sealed override bool Equals(object? obj) => obj is CandidType t && Equals(t);

    /// <inheritdoc />
    public abstract override int GetHashCode();
}
