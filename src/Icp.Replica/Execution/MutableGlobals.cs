using Wasmtime;

namespace Icp.Replica.Execution;

/// <summary>
/// An instance's mutable globals, read and written without boxing for the number types (Wasmtime's untyped
/// <see cref="Global.GetValue"/> boxes every value and looks its type up on each call, which made a snapshot and a
/// rollback cost microseconds). A rollback sets only the globals whose value differs from the snapshot's, and the values
/// last read or set are remembered until code runs again (<see cref="CodeRan"/>), so a query after a query reads none
/// at its snapshot.
/// </summary>
internal sealed class MutableGlobals
{
    private enum Kind : byte { I32, I64, F32, F64, Other }

    private readonly Global[] _globals;
    private readonly Kind[] _kinds;
    private readonly Global.Accessor<int>?[] _i32;
    private readonly Global.Accessor<long>?[] _i64;
    private readonly Global.Accessor<float>?[] _f32;
    private readonly Global.Accessor<double>?[] _f64;
    private Values? _known; // the globals' values now, when nothing ran since they were read or set

    public MutableGlobals(Global[] globals)
    {
        _globals = globals;
        _kinds = new Kind[globals.Length];
        _i32 = new Global.Accessor<int>?[globals.Length];
        _i64 = new Global.Accessor<long>?[globals.Length];
        _f32 = new Global.Accessor<float>?[globals.Length];
        _f64 = new Global.Accessor<double>?[globals.Length];
        for (int i = 0; i < globals.Length; i++)
        {
            switch (globals[i].Kind)
            {
                case ValueKind.Int32: _kinds[i] = Kind.I32; _i32[i] = globals[i].Wrap<int>(); break;
                case ValueKind.Int64: _kinds[i] = Kind.I64; _i64[i] = globals[i].Wrap<long>(); break;
                case ValueKind.Float32: _kinds[i] = Kind.F32; _f32[i] = globals[i].Wrap<float>(); break;
                case ValueKind.Float64: _kinds[i] = Kind.F64; _f64[i] = globals[i].Wrap<double>(); break;
                default: _kinds[i] = Kind.Other; break;
            }
        }
    }

    /// <summary>
    /// Saved values: number globals as raw bits (floats by their bit pattern, so a NaN compares equal to itself), others
    /// (vectors, references) boxed. Never changed once made.
    /// </summary>
    public sealed class Values(long[] raw, object?[]? other)
    {
        internal long[] Raw { get; } = raw;

        internal object?[]? Other { get; } = other;
    }

    /// <summary>Wasm code ran on the instance: the remembered values may be stale.</summary>
    public void CodeRan() => _known = null;

    /// <summary>The values now (remembered ones when no code ran since).</summary>
    public Values Capture()
    {
        if (_known is { } known) return known;
        var raw = new long[_globals.Length];
        object?[]? other = null;
        for (int i = 0; i < raw.Length; i++)
        {
            if (_kinds[i] == Kind.Other) (other ??= new object?[raw.Length])[i] = _globals[i].GetValue();
            else raw[i] = ReadRaw(i);
        }
        return _known = new Values(raw, other);
    }

    /// <summary>Sets the globals back to <paramref name="values"/>, writing only those that differ.</summary>
    public void Restore(Values values)
    {
        if (!ReferenceEquals(_known, values))
            for (int i = 0; i < _globals.Length; i++)
            {
                if (_kinds[i] == Kind.Other) _globals[i].SetValue(values.Other![i]);
                else if (ReadRaw(i) != values.Raw[i]) WriteRaw(i, values.Raw[i]);
            }
        _known = values;
    }

    /// <summary>The values boxed, in the form the state journal and <see cref="Load"/> use.</summary>
    public object?[] Box(Values values)
    {
        var boxed = new object?[_globals.Length];
        for (int i = 0; i < boxed.Length; i++)
        {
            long raw = values.Raw[i];
            boxed[i] = _kinds[i] switch
            {
                Kind.I32 => (int)raw,
                Kind.I64 => raw,
                Kind.F32 => BitConverter.Int32BitsToSingle((int)raw),
                Kind.F64 => BitConverter.Int64BitsToDouble(raw),
                _ => values.Other![i],
            };
        }
        return boxed;
    }

    /// <summary>Sets the globals from boxed values (a saved state; the untyped path checks each value's type).</summary>
    public void Load(object?[] values)
    {
        _known = null;
        for (int i = 0; i < _globals.Length && i < values.Length; i++) _globals[i].SetValue(values[i]);
    }

    private long ReadRaw(int i) => _kinds[i] switch
    {
        Kind.I32 => _i32[i]!.GetValue(),
        Kind.I64 => _i64[i]!.GetValue(),
        Kind.F32 => BitConverter.SingleToInt32Bits(_f32[i]!.GetValue()),
        _ => BitConverter.DoubleToInt64Bits(_f64[i]!.GetValue()),
    };

    private void WriteRaw(int i, long raw)
    {
        switch (_kinds[i])
        {
            case Kind.I32: _i32[i]!.SetValue((int)raw); break;
            case Kind.I64: _i64[i]!.SetValue(raw); break;
            case Kind.F32: _f32[i]!.SetValue(BitConverter.Int32BitsToSingle((int)raw)); break;
            default: _f64[i]!.SetValue(BitConverter.Int64BitsToDouble(raw)); break;
        }
    }
}
