using System.Security.Cryptography;
using Icp.Replica.Wasm;
using Wasmtime;

namespace Icp.Replica.Execution;

/// <summary>
/// An installed canister module: the compiled Wasmtime module (with globals exported for snapshots), its
/// hash and the entry points it exports. Built once per install; instances are made from it. The compiled module
/// comes from <see cref="ModuleCache"/>, which owns it: other canisters with the same Wasm share it.
/// </summary>
internal sealed class CanisterCode
{
    private CanisterCode(Module module, WasmBinary binary, byte[] hash, bool memory64, byte[] wasm, BarrierLayout? barrier)
    {
        Barrier = barrier;
        Wasm = wasm;
        Module = module;
        Binary = binary;
        ModuleHash = hash;
        Memory64 = memory64;
        foreach (var export in module.Exports)
        {
            if (export is not FunctionExport) continue;
            string name = export.Name;
            if (name.StartsWith("canister_update ", StringComparison.Ordinal)) Add(UpdateMethods, UpdateExports, "canister_update ".Length);
            else if (name.StartsWith("canister_query ", StringComparison.Ordinal)) Add(QueryMethods, QueryExports, "canister_query ".Length);
            else if (name.StartsWith("canister_composite_query ", StringComparison.Ordinal)) Add(CompositeQueryMethods, CompositeQueryExports, "canister_composite_query ".Length);
            else Exports.Add(name);

            void Add(HashSet<string> methods, Dictionary<string, string> exports, int prefix)
            {
                methods.Add(name[prefix..]);
                exports[name[prefix..]] = name;
            }
        }
    }

    /// <summary>The module as installed (kept to save the replica's state).</summary>
    public byte[] Wasm { get; }

    /// <summary>The compiled module.</summary>
    public Module Module { get; }

    /// <summary>The parsed binary (custom sections, mutable globals).</summary>
    public WasmBinary Binary { get; }

    /// <summary>The write barrier compiled into <see cref="Module"/>; null when the module runs without one.</summary>
    public BarrierLayout? Barrier { get; }

    /// <summary>SHA-256 of the module as installed (what <c>canister_status</c> reports).</summary>
    public byte[] ModuleHash { get; }

    /// <summary>True when the module's memory is 64-bit: System API pointers are then i64.</summary>
    public bool Memory64 { get; }

    /// <summary>Methods exported as <c>canister_update</c>.</summary>
    public HashSet<string> UpdateMethods { get; } = new(StringComparer.Ordinal);

    /// <summary>Methods exported as <c>canister_query</c>.</summary>
    public HashSet<string> QueryMethods { get; } = new(StringComparer.Ordinal);

    /// <summary>Methods exported as <c>canister_composite_query</c>.</summary>
    public HashSet<string> CompositeQueryMethods { get; } = new(StringComparer.Ordinal);

    /// <summary>The export of each update method (<c>inc</c> → <c>canister_update inc</c>), made once rather than per message.</summary>
    public Dictionary<string, string> UpdateExports { get; } = new(StringComparer.Ordinal);

    /// <summary>The export of each query method (<c>canister_query get</c>).</summary>
    public Dictionary<string, string> QueryExports { get; } = new(StringComparer.Ordinal);

    /// <summary>The export of each composite query method (<c>canister_composite_query get</c>).</summary>
    public Dictionary<string, string> CompositeQueryExports { get; } = new(StringComparer.Ordinal);

    /// <summary>Other exported functions (canister_init, canister_heartbeat, ...).</summary>
    public HashSet<string> Exports { get; } = new(StringComparer.Ordinal);

    /// <summary>True when Motoko marked the module for enhanced orthogonal persistence (main memory kept on upgrade).</summary>
    public bool UsesEnhancedOrthogonalPersistence =>
        Binary.CustomSections.ContainsKey("icp:private enhanced-orthogonal-persistence") ||
        Binary.CustomSections.ContainsKey("icp:public enhanced-orthogonal-persistence");

    /// <summary>
    /// Validates and compiles a module. Every import must be an <c>ic0</c> function we provide, with the signature the
    /// specification gives it for the module's memory width; otherwise installation fails with a message naming it.
    /// With <paramref name="writeBarrier"/>, the module gets a write barrier (<see cref="WriteBarrier"/>) where it can
    /// take one; a module that cannot (or that Wasmtime refuses once instrumented) is compiled as it is.
    /// </summary>
    public static CanisterCode Load(byte[] wasm, string? moduleCacheDirectory = null, bool writeBarrier = true)
    {
        WasmBinary binary;
        try { binary = WasmBinary.Parse(wasm); }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or OverflowException)
        {
            throw new CanisterInstallException($"Wasm module is malformed: {e.Message}");
        }
        // The engine has multi-memory on (the write barrier's map is a second memory), so Wasmtime no longer refuses a
        // canister's own second memory, as the IC's validation does.
        if (binary.DefinedMemories > 1)
            throw new CanisterInstallException($"Wasm module is invalid: it defines {binary.DefinedMemories} memories, and a canister may have at most one");
        var hash = SHA256.HashData(wasm);
        byte[] exported = binary.WithGlobalsExported();
        BarrierLayout? barrier = null;
        Module? module = null;
        if (writeBarrier && binary.HasMemory)
        {
            try
            {
                barrier = WriteBarrier.Instrument(exported);
                if (barrier is not null) module = ModuleCache.GetOrCompile(barrier.Bytes, moduleCacheDirectory);
            }
            catch (Exception e) when (e is InvalidDataException or OverflowException or WasmtimeException)
            {
                // Code the barrier does not know (atomics, exceptions, GC), or a module Wasmtime refuses: compiled
                // without it below, where an invalid module gets Wasmtime's own error.
                barrier = null;
            }
        }
        try { module ??= ModuleCache.GetOrCompile(exported, moduleCacheDirectory); }
        catch (WasmtimeException e)
        {
            throw new CanisterInstallException($"Wasm module is invalid: {e.Message}");
        }
        bool memory64 = binary.Memory64;
        ValidateImports(module, memory64);
        ValidateExports(module);
        return new CanisterCode(module, binary, hash, memory64, wasm, barrier);
    }

    private static void ValidateImports(Module module, bool memory64)
    {
        foreach (var import in module.Imports)
        {
            if (import is not FunctionImport function || import.ModuleName != "ic0")
            {
                string kind = import switch { FunctionImport => "function", MemoryImport => "memory", GlobalImport => "global", _ => "table" };
                throw new CanisterInstallException(
                    $"Wasm module has an invalid import section. Module imports {kind} '{import.Name}' from '{import.ModuleName}' that is not exported by the runtime.");
            }
            if (!SystemApiSignatures.TryGet(import.Name, out var signature))
                throw new CanisterInstallException(
                    $"Wasm module has an invalid import section. Module imports function '{import.Name}' from 'ic0' that is not exported by the runtime.");
            var (parameters, results) = signature.Resolve(memory64);
            if (!function.Parameters.SequenceEqual(parameters) || !function.Results.SequenceEqual(results))
                throw new CanisterInstallException(
                    $"Wasm module has an invalid import section. Module imports function 'ic0.{import.Name}' with type " +
                    $"{SystemApiSignatures.Format(function.Parameters, function.Results)} but the runtime provides " +
                    $"{SystemApiSignatures.Format(parameters, results)}.");
        }
    }

    private static void ValidateExports(Module module)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in module.Exports.OfType<FunctionExport>())
        {
            string? method = export.Name switch
            {
                var n when n.StartsWith("canister_update ", StringComparison.Ordinal) => n["canister_update ".Length..],
                var n when n.StartsWith("canister_query ", StringComparison.Ordinal) => n["canister_query ".Length..],
                var n when n.StartsWith("canister_composite_query ", StringComparison.Ordinal) => n["canister_composite_query ".Length..],
                _ => null,
            };
            if (method is null) continue;
            if (!seen.Add(method))
                throw new CanisterInstallException($"Wasm module has an invalid export section: method '{method}' is exported more than once.");
            if (export.Parameters.Count != 0 || export.Results.Count != 0)
                throw new CanisterInstallException($"Wasm module has an invalid export section: '{export.Name}' must have type () -> ().");
        }
    }
}
