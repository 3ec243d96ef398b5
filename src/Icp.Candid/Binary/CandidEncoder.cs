namespace Icp.Candid;

/// <summary>Encodes argument lists of <see cref="CandidValue"/>s into Candid messages.</summary>
public static class CandidEncoder
{
    /// <summary>Encodes values at the given argument types.</summary>
    /// <exception cref="CandidEncodeException">A value does not fit its type.</exception>
    public static byte[] Encode(IReadOnlyList<CandidType> types, IReadOnlyList<CandidValue> values)
    {
        using var w = new CandidWriter(256);
        Encode(w, types, values);
        return w.ToArray();
    }

    /// <summary>Encodes values at the given argument types into <paramref name="writer"/>.</summary>
    public static void Encode(CandidWriter writer, IReadOnlyList<CandidType> types, IReadOnlyList<CandidValue> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
            throw new CandidEncodeException($"{values.Count} values for {types.Count} argument types", "");
        var table = new CandidTypeTableBuilder();
        var codes = new long[types.Count];
        for (int i = 0; i < types.Count; i++) codes[i] = table.GetCode(types[i]);
        table.WriteHeader(writer, codes);
        for (int i = 0; i < types.Count; i++)
        {
            try { CandidValueWriter.Write(writer, types[i], values[i]); }
            catch (CandidEncodeException e) { throw e.Within($"argument {i}"); }
        }
    }

    /// <summary>Encodes values at the types they show (see <see cref="CandidTypeInference"/>).</summary>
    public static byte[] Encode(params IReadOnlyList<CandidValue> values) =>
        Encode(values.Select(CandidTypeInference.Infer).ToArray(), values);
}
