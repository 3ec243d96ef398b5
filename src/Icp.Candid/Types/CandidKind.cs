namespace Icp.Candid;

/// <summary>
/// The kinds of Candid types. The numeric values are the type opcodes of the binary format
/// (negative SLEB128 numbers), so a kind converts to its wire code with a cast.
/// </summary>
public enum CandidKind
{
    /// <summary><c>null</c></summary>
    Null = -1,
    /// <summary><c>bool</c></summary>
    Bool = -2,
    /// <summary><c>nat</c>: an unbounded natural number.</summary>
    Nat = -3,
    /// <summary><c>int</c>: an unbounded integer.</summary>
    Int = -4,
    /// <summary><c>nat8</c></summary>
    Nat8 = -5,
    /// <summary><c>nat16</c></summary>
    Nat16 = -6,
    /// <summary><c>nat32</c></summary>
    Nat32 = -7,
    /// <summary><c>nat64</c></summary>
    Nat64 = -8,
    /// <summary><c>int8</c></summary>
    Int8 = -9,
    /// <summary><c>int16</c></summary>
    Int16 = -10,
    /// <summary><c>int32</c></summary>
    Int32 = -11,
    /// <summary><c>int64</c></summary>
    Int64 = -12,
    /// <summary><c>float32</c></summary>
    Float32 = -13,
    /// <summary><c>float64</c></summary>
    Float64 = -14,
    /// <summary><c>text</c></summary>
    Text = -15,
    /// <summary><c>reserved</c>: accepts and discards any value.</summary>
    Reserved = -16,
    /// <summary><c>empty</c>: has no values.</summary>
    Empty = -17,
    /// <summary><c>opt T</c></summary>
    Opt = -18,
    /// <summary><c>vec T</c> (and <c>blob</c>, which is <c>vec nat8</c>).</summary>
    Vec = -19,
    /// <summary><c>record { ... }</c></summary>
    Record = -20,
    /// <summary><c>variant { ... }</c></summary>
    Variant = -21,
    /// <summary><c>func (...) -> (...)</c>: a reference to a method.</summary>
    Func = -22,
    /// <summary><c>service { ... }</c>: a reference to a canister.</summary>
    Service = -23,
    /// <summary><c>principal</c></summary>
    Principal = -24,
    /// <summary>A type from a later version of Candid (any opcode below -24 in a type table): its values can only be skipped.</summary>
    Future = -25,
}

/// <summary>Helpers on <see cref="CandidKind"/>.</summary>
public static class CandidKindExtensions
{
    /// <summary>True for the kinds that have no type arguments (all but opt, vec, record, variant, func, service).</summary>
    public static bool IsPrimitive(this CandidKind kind) => kind is >= CandidKind.Empty and <= CandidKind.Null or CandidKind.Principal;

    /// <summary>The keyword of the kind in the Candid language (<c>nat8</c>, <c>record</c>, ...).</summary>
    public static string Keyword(this CandidKind kind) => kind switch
    {
        CandidKind.Null => "null",
        CandidKind.Bool => "bool",
        CandidKind.Nat => "nat",
        CandidKind.Int => "int",
        CandidKind.Nat8 => "nat8",
        CandidKind.Nat16 => "nat16",
        CandidKind.Nat32 => "nat32",
        CandidKind.Nat64 => "nat64",
        CandidKind.Int8 => "int8",
        CandidKind.Int16 => "int16",
        CandidKind.Int32 => "int32",
        CandidKind.Int64 => "int64",
        CandidKind.Float32 => "float32",
        CandidKind.Float64 => "float64",
        CandidKind.Text => "text",
        CandidKind.Reserved => "reserved",
        CandidKind.Empty => "empty",
        CandidKind.Principal => "principal",
        CandidKind.Opt => "opt",
        CandidKind.Vec => "vec",
        CandidKind.Record => "record",
        CandidKind.Variant => "variant",
        CandidKind.Func => "func",
        CandidKind.Service => "service",
        CandidKind.Future => "future",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a Candid kind"),
    };
}
