using Wasmtime;

namespace Icp.Replica.Execution;

/// <summary>
/// Defines a module's <c>ic0</c> imports on a linker as typed Wasmtime host functions. The untyped form
/// (<c>ReadOnlySpan&lt;ValueBox&gt;</c>) converted every argument and result through Wasmtime's boxed values on each
/// call; a typed delegate receives plain <see cref="int"/>s and <see cref="long"/>s. Every shape the System API table
/// produces (<see cref="SystemApiSignatures"/>, for 32-bit and 64-bit memories) has one here; 32-bit pointers and sizes
/// are zero-extended before the System API sees them, as before; each import calls the function <see cref="SystemApi.Resolve"/>
/// chose once for its name.
/// </summary>
internal static class SystemApiImports
{
    /// <summary>Defines one import; false when its shape has no typed form (the caller then defines it untyped).</summary>
    public static bool TryDefine(Linker linker, string name, IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results, SystemApi api)
    {
        if (results.Count > 1) return false;
        var shape = new char[parameters.Count + 1 + results.Count];
        for (int i = 0; i < parameters.Count; i++)
            if ((shape[i] = Letter(parameters[i])) == '?') return false;
        shape[parameters.Count] = ':';
        if (results.Count == 1 && (shape[^1] = Letter(results[0])) == '?') return false;
        const string M = "ic0";
        var function = api.Resolve(name);
        switch (new string(shape))
        {
            case ":": linker.DefineFunction(M, name, () => { function([]); }); return true;
            case ":i": linker.DefineFunction(M, name, () => (int)function([])); return true;
            case ":l": linker.DefineFunction(M, name, () => function([])); return true;
            case "i:": linker.DefineFunction(M, name, (int a) => { function([(uint)a]); }); return true;
            case "l:": linker.DefineFunction(M, name, (long a) => { function([a]); }); return true;
            case "i:i": linker.DefineFunction(M, name, (int a) => (int)function([(uint)a])); return true;
            case "i:l": linker.DefineFunction(M, name, (int a) => function([(uint)a])); return true;
            case "l:l": linker.DefineFunction(M, name, (long a) => function([a])); return true;
            case "ii:": linker.DefineFunction(M, name, (int a, int b) => { function([(uint)a, (uint)b]); }); return true;
            case "ll:": linker.DefineFunction(M, name, (long a, long b) => { function([a, b]); }); return true;
            case "ii:i": linker.DefineFunction(M, name, (int a, int b) => (int)function([(uint)a, (uint)b])); return true;
            case "ll:i": linker.DefineFunction(M, name, (long a, long b) => (int)function([a, b])); return true;
            case "iii:": linker.DefineFunction(M, name, (int a, int b, int c) => { function([(uint)a, (uint)b, (uint)c]); }); return true;
            case "lll:": linker.DefineFunction(M, name, (long a, long b, long c) => { function([a, b, c]); }); return true;
            case "lli:": linker.DefineFunction(M, name, (long a, long b, int c) => { function([a, b, (uint)c]); }); return true;
            case "iiiiiiii:":
                linker.DefineFunction(M, name, (int a, int b, int c, int d, int e, int f, int g, int h) =>
                {
                    function([(uint)a, (uint)b, (uint)c, (uint)d, (uint)e, (uint)f, (uint)g, (uint)h]);
                });
                return true;
            case "llllllll:":
                linker.DefineFunction(M, name, (long a, long b, long c, long d, long e, long f, long g, long h) =>
                {
                    function([a, b, c, d, e, f, g, h]);
                });
                return true;
            default:
                return false;
        }
    }

    private static char Letter(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => 'i',
        ValueKind.Int64 => 'l',
        _ => '?',
    };
}
