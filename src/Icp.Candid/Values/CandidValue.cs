using System.Numerics;

namespace Icp.Candid;

/// <summary>
/// A Candid value of any type, for code that does not know its types up front: the command line tool,
/// the text format, tests. Typed code maps to its own C# types instead (see <c>CandidSerializer</c>).
/// </summary>
/// <remarks>Equality is structural; labels compare by id, a blob equals a vec of the same nat8 values.</remarks>
public abstract class CandidValue : IEquatable<CandidValue>
{
    private protected CandidValue() { }

    /// <summary>The kind of the value's type.</summary>
    public abstract CandidKind Kind { get; }

    /// <summary><c>null</c></summary>
    public static CandidValue Null => CandidPrimitiveValue.NullValue;

    /// <summary>A value of type <c>reserved</c>.</summary>
    public static CandidValue Reserved => CandidPrimitiveValue.ReservedValue;

    /// <summary>A <c>bool</c>.</summary>
    public static CandidValue Bool(bool value) => value ? CandidPrimitiveValue.True : CandidPrimitiveValue.False;

    /// <summary>A <c>nat</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public static CandidValue Nat(BigInteger value) => CandidPrimitiveValue.FromBig(CandidKind.Nat, value);

    /// <summary>An <c>int</c>.</summary>
    public static CandidValue Int(BigInteger value) => CandidPrimitiveValue.FromBig(CandidKind.Int, value);

    /// <summary>A <c>nat8</c>.</summary>
    public static CandidValue Nat8(byte value) => CandidPrimitiveValue.FromBits(CandidKind.Nat8, value);

    /// <summary>A <c>nat16</c>.</summary>
    public static CandidValue Nat16(ushort value) => CandidPrimitiveValue.FromBits(CandidKind.Nat16, value);

    /// <summary>A <c>nat32</c>.</summary>
    public static CandidValue Nat32(uint value) => CandidPrimitiveValue.FromBits(CandidKind.Nat32, value);

    /// <summary>A <c>nat64</c>.</summary>
    public static CandidValue Nat64(ulong value) => CandidPrimitiveValue.FromBits(CandidKind.Nat64, value);

    /// <summary>An <c>int8</c>.</summary>
    public static CandidValue Int8(sbyte value) => CandidPrimitiveValue.FromBits(CandidKind.Int8, unchecked((ulong)value));

    /// <summary>An <c>int16</c>.</summary>
    public static CandidValue Int16(short value) => CandidPrimitiveValue.FromBits(CandidKind.Int16, unchecked((ulong)value));

    /// <summary>An <c>int32</c>.</summary>
    public static CandidValue Int32(int value) => CandidPrimitiveValue.FromBits(CandidKind.Int32, unchecked((ulong)value));

    /// <summary>An <c>int64</c>.</summary>
    public static CandidValue Int64(long value) => CandidPrimitiveValue.FromBits(CandidKind.Int64, unchecked((ulong)value));

    /// <summary>A <c>float32</c>.</summary>
    public static CandidValue Float32(float value) => CandidPrimitiveValue.FromBits(CandidKind.Float32, BitConverter.SingleToUInt32Bits(value));

    /// <summary>A <c>float64</c>.</summary>
    public static CandidValue Float64(double value) => CandidPrimitiveValue.FromBits(CandidKind.Float64, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>A <c>text</c>.</summary>
    public static CandidValue Text(string value) => new CandidTextValue(value);

    /// <summary>A <c>principal</c>.</summary>
    public static CandidValue Principal(Principal value) => new CandidPrincipalValue(value);

    /// <summary><c>opt</c> with a value.</summary>
    public static CandidValue Some(CandidValue value) => new CandidOptValue(value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary><c>opt</c> without a value (<c>null</c> at an <c>opt</c> type).</summary>
    public static CandidValue None => CandidOptValue.NoneValue;

    /// <summary>A <c>vec</c>.</summary>
    public static CandidValue Vec(params IEnumerable<CandidValue> elements) => new CandidVecValue(elements.ToArray());

    /// <summary>A <c>blob</c> (<c>vec nat8</c>).</summary>
    public static CandidValue Blob(ReadOnlySpan<byte> bytes) => new CandidBlobValue(bytes.ToArray());

    /// <summary>A <c>record</c>.</summary>
    public static CandidValue Record(params IEnumerable<CandidFieldValue> fields) => new CandidRecordValue(fields);

    /// <summary>A tuple: a record with fields 0, 1, ...</summary>
    public static CandidValue Tuple(params IEnumerable<CandidValue> elements) =>
        new CandidRecordValue(elements.Select((v, i) => new CandidFieldValue(CandidLabel.FromId((uint)i), v)));

    /// <summary>A <c>variant</c> alternative.</summary>
    public static CandidValue Variant(CandidLabel label, CandidValue? value = null) => new CandidVariantValue(label, value ?? Null);

    /// <summary>A <c>func</c> reference.</summary>
    public static CandidValue Func(Principal service, string method) => new CandidFuncValue(service, method);

    /// <summary>A <c>service</c> reference.</summary>
    public static CandidValue Service(Principal service) => new CandidServiceValue(service);

    /// <summary>The value in the Candid text format, e.g. <c>record { amount = 10 : nat; memo = null }</c>.</summary>
    public override string ToString() => CandidValuePrinter.Print(this);

    /// <inheritdoc />
    public abstract bool Equals(CandidValue? other);

    /// <inheritdoc />
    public sealed override bool Equals(object? obj) => obj is CandidValue v && Equals(v);

    /// <inheritdoc />
    public abstract override int GetHashCode();
}
