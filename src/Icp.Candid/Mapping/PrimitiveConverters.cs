using System.Numerics;

namespace Icp.Candid;

/// <summary>The converters of the primitive types, shared instances for generated code.</summary>
public static class CandidConverters
{
    /// <summary><c>bool</c> ↔ <see cref="bool"/>.</summary>
    public static CandidConverter<bool> Bool { get; } = new BoolConverter();
    /// <summary><c>nat</c> ↔ <see cref="Icp.Candid.Nat"/>.</summary>
    public static CandidConverter<Nat> Nat { get; } = new NatConverter();
    /// <summary><c>int</c> ↔ <see cref="BigInteger"/> (also reads <c>nat</c>).</summary>
    public static CandidConverter<BigInteger> Int { get; } = new IntConverter();
    /// <summary><c>nat8</c> ↔ <see cref="byte"/>.</summary>
    public static CandidConverter<byte> Nat8 { get; } = new Nat8Converter();
    /// <summary><c>nat16</c> ↔ <see cref="ushort"/>.</summary>
    public static CandidConverter<ushort> Nat16 { get; } = new Nat16Converter();
    /// <summary><c>nat32</c> ↔ <see cref="uint"/>.</summary>
    public static CandidConverter<uint> Nat32 { get; } = new Nat32Converter();
    /// <summary><c>nat64</c> ↔ <see cref="ulong"/>.</summary>
    public static CandidConverter<ulong> Nat64 { get; } = new Nat64Converter();
    /// <summary><c>int8</c> ↔ <see cref="sbyte"/>.</summary>
    public static CandidConverter<sbyte> Int8 { get; } = new Int8Converter();
    /// <summary><c>int16</c> ↔ <see cref="short"/>.</summary>
    public static CandidConverter<short> Int16 { get; } = new Int16Converter();
    /// <summary><c>int32</c> ↔ <see cref="int"/>.</summary>
    public static CandidConverter<int> Int32 { get; } = new Int32Converter();
    /// <summary><c>int64</c> ↔ <see cref="long"/>.</summary>
    public static CandidConverter<long> Int64 { get; } = new Int64Converter();
    /// <summary><c>float32</c> ↔ <see cref="float"/>.</summary>
    public static CandidConverter<float> Float32 { get; } = new Float32Converter();
    /// <summary><c>float64</c> ↔ <see cref="double"/>.</summary>
    public static CandidConverter<double> Float64 { get; } = new Float64Converter();
    /// <summary><c>text</c> ↔ <see cref="string"/>.</summary>
    public static CandidConverter<string> Text { get; } = new TextConverter();
    /// <summary><c>principal</c> ↔ <see cref="Icp.Candid.Principal"/> (also reads service references).</summary>
    public static CandidConverter<Principal> Principal { get; } = new PrincipalConverter();
    /// <summary><c>blob</c> ↔ <see cref="byte"/>[].</summary>
    public static CandidConverter<byte[]> Blob { get; } = new BlobConverter();
    /// <summary><c>blob</c> ↔ <see cref="ReadOnlyMemory{T}"/> of bytes: a slice of the message, not a copy, when the
    /// message was given as memory (<see cref="CandidSerializer.Deserialize{T}(ReadOnlyMemory{byte}, CandidConverter{T}, CandidDecoderOptions?)"/>).</summary>
    public static CandidConverter<ReadOnlyMemory<byte>> BlobMemory { get; } = new BlobMemoryConverter();
    /// <summary><c>null</c> ↔ <see cref="CandidNull"/>.</summary>
    public static CandidConverter<CandidNull> Null { get; } = new NullConverter();
    /// <summary><c>reserved</c> ↔ <see cref="CandidReserved"/>: any value is read and dropped.</summary>
    public static CandidConverter<CandidReserved> Reserved { get; } = new ReservedConverter();
    /// <summary><c>empty</c> ↔ <see cref="CandidEmpty"/>: reading fails (no value of type empty can occur), and so does writing.</summary>
    public static CandidConverter<CandidEmpty> Empty { get; } = new EmptyConverter();
    /// <summary>Any type ↔ <see cref="CandidValue"/>: reads what the message states; writes at the type the value shows.</summary>
    public static CandidConverter<CandidValue> Value { get; } = new ValueConverter();

    private sealed class BoolConverter : CandidConverter<bool>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Bool;
        public override bool Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Bool); return r.ReadBool(); }
        public override void Write(CandidWriter w, bool v) => w.WriteBool(v);
    }

    private sealed class NatConverter : CandidConverter<Nat>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Nat;
        public override Nat Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Nat); return r.ReadNatValue(); }
        public override void Write(CandidWriter w, Nat v) { if (v.TryGetUInt64(out ulong small)) w.WriteUnsignedLeb128(small); else w.WriteNat(v.Value); }
    }

    private sealed class IntConverter : CandidConverter<BigInteger>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Int;
        public override BigInteger Read(ref CandidReader r, CandidWireType w)
        {
            if (w.Kind == CandidKind.Nat) return r.ReadNat();
            r.ExpectKind(w, CandidKind.Int);
            return r.ReadInt();
        }
        public override void Write(CandidWriter w, BigInteger v) => w.WriteInt(v);
    }

    private sealed class Nat8Converter : CandidConverter<byte>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Nat8;
        public override byte Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Nat8); return r.ReadByte(); }
        public override void Write(CandidWriter w, byte v) => w.WriteByte(v);
    }

    private sealed class Nat16Converter : CandidConverter<ushort>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Nat16;
        public override ushort Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Nat16); return r.ReadUInt16(); }
        public override void Write(CandidWriter w, ushort v) => w.WriteUInt16(v);
    }

    private sealed class Nat32Converter : CandidConverter<uint>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Nat32;
        public override uint Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Nat32); return r.ReadUInt32(); }
        public override void Write(CandidWriter w, uint v) => w.WriteUInt32(v);
    }

    private sealed class Nat64Converter : CandidConverter<ulong>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Nat64;
        public override ulong Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Nat64); return r.ReadUInt64(); }
        public override void Write(CandidWriter w, ulong v) => w.WriteUInt64(v);
    }

    private sealed class Int8Converter : CandidConverter<sbyte>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Int8;
        public override sbyte Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Int8); return unchecked((sbyte)r.ReadByte()); }
        public override void Write(CandidWriter w, sbyte v) => w.WriteByte(unchecked((byte)v));
    }

    private sealed class Int16Converter : CandidConverter<short>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Int16;
        public override short Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Int16); return unchecked((short)r.ReadUInt16()); }
        public override void Write(CandidWriter w, short v) => w.WriteUInt16(unchecked((ushort)v));
    }

    private sealed class Int32Converter : CandidConverter<int>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Int32;
        public override int Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Int32); return unchecked((int)r.ReadUInt32()); }
        public override void Write(CandidWriter w, int v) => w.WriteUInt32(unchecked((uint)v));
    }

    private sealed class Int64Converter : CandidConverter<long>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Int64;
        public override long Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Int64); return unchecked((long)r.ReadUInt64()); }
        public override void Write(CandidWriter w, long v) => w.WriteUInt64(unchecked((ulong)v));
    }

    private sealed class Float32Converter : CandidConverter<float>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Float32;
        public override float Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Float32); return BitConverter.UInt32BitsToSingle(r.ReadUInt32()); }
        public override void Write(CandidWriter w, float v) => w.WriteUInt32(BitConverter.SingleToUInt32Bits(v));
    }

    private sealed class Float64Converter : CandidConverter<double>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Float64;
        public override double Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Float64); return BitConverter.UInt64BitsToDouble(r.ReadUInt64()); }
        public override void Write(CandidWriter w, double v) => w.WriteUInt64(BitConverter.DoubleToUInt64Bits(v));
    }

    private sealed class TextConverter : CandidConverter<string>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Text;
        public override string Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Text); return r.ReadText(); }
        public override void Write(CandidWriter w, string v) => w.WriteText(v ?? throw new CandidEncodeException("a text cannot be null", ""));
    }

    private sealed class PrincipalConverter : CandidConverter<Principal>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Principal;
        public override Principal Read(ref CandidReader r, CandidWireType w)
        {
            if (w.Kind != CandidKind.Service) r.ExpectKind(w, CandidKind.Principal);
            return r.ReadPrincipal();
        }
        public override void Write(CandidWriter w, Principal v) => w.WritePrincipal(v ?? throw new CandidEncodeException("a principal cannot be null", ""));
    }

    private sealed class BlobConverter : CandidConverter<byte[]>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Blob;
        public override byte[] Read(ref CandidReader r, CandidWireType w)
        {
            r.ExpectKind(w, CandidKind.Vec);
            if (w.Inner!.Kind != CandidKind.Nat8) r.ExpectKind(w.Inner, CandidKind.Nat8);
            return r.ReadBlob();
        }
        public override void Write(CandidWriter w, byte[] v) => w.WriteBlob(v ?? throw new CandidEncodeException("a blob cannot be null", ""));
    }

    private sealed class BlobMemoryConverter : CandidConverter<ReadOnlyMemory<byte>>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Blob;
        public override ReadOnlyMemory<byte> Read(ref CandidReader r, CandidWireType w)
        {
            r.ExpectKind(w, CandidKind.Vec);
            if (w.Inner!.Kind != CandidKind.Nat8) r.ExpectKind(w.Inner, CandidKind.Nat8);
            return r.ReadBlobMemory();
        }
        public override void Write(CandidWriter w, ReadOnlyMemory<byte> v) => w.WriteBlob(v.Span);
    }

    private sealed class NullConverter : CandidConverter<CandidNull>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Null;
        public override CandidNull Read(ref CandidReader r, CandidWireType w) { r.ExpectKind(w, CandidKind.Null); return default; }
        public override void Write(CandidWriter w, CandidNull v) { }
    }

    private sealed class ReservedConverter : CandidConverter<CandidReserved>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Reserved;
        public override CandidReserved Read(ref CandidReader r, CandidWireType w) { r.SkipValue(w); return default; }
        public override void Write(CandidWriter w, CandidReserved v) { }
    }

    private sealed class EmptyConverter : CandidConverter<CandidEmpty>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Empty;
        public override CandidEmpty Read(ref CandidReader r, CandidWireType w)
        {
            r.ExpectKind(w, CandidKind.Empty);
            throw r.Error("a value of type empty cannot occur");
        }
        public override void Write(CandidWriter w, CandidEmpty v) => throw new CandidEncodeException("the type empty has no values", "");
    }

    private sealed class ValueConverter : CandidConverter<CandidValue>
    {
        public override CandidType CandidType => Icp.Candid.CandidType.Reserved;
        public override CandidValue Read(ref CandidReader r, CandidWireType w) => r.ReadValue(w);
        public override void Write(CandidWriter w, CandidValue v) =>
            throw new CandidEncodeException("a CandidValue has no static Candid type; encode it with CandidEncoder and explicit types", "");
    }
}

/// <summary>The one value of Candid's <c>null</c> type.</summary>
public readonly record struct CandidNull;

/// <summary>The value of Candid's <c>reserved</c> type: whatever was sent, dropped.</summary>
public readonly record struct CandidReserved;
