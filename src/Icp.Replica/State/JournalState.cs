using System.Globalization;
using System.Numerics;
using Icp.Candid;
using Icp.Replica.Execution;

namespace Icp.Replica.State;

/// <summary>
/// The replica's durable state as a journal spells it out, built up by replaying records: key seed, time, id
/// allocation, per canister its settings and globals (<see cref="EncodeMeta"/>), module, main and stable memory, and the
/// statuses of HTTP ingress messages. Records are written by <see cref="StateJournal"/>; the encoding of both
/// sides lives here.
/// </summary>
internal sealed class JournalState
{
    /// <summary>Memory is written in chunks of this size: a round writes only the chunks it changed.</summary>
    public const int ChunkSize = 4096;

    /// <summary>One canister's saved state.</summary>
    public sealed class Canister
    {
        public byte[] Meta = [];
        public byte[]? Wasm;
        public byte[] Memory = [];
        public byte[] Stable = [];
    }

    /// <summary>The journal generation this state was read from.</summary>
    public long Generation { get; init; }

    public byte[] KeySeed { get; private set; } = [];
    public ulong TimeNanos { get; private set; }
    public ulong NextCanisterIndex { get; private set; }
    public SortedDictionary<Principal, Canister> Canisters { get; } = new();
    public Dictionary<string, (IngressInfo Info, IngressStatus Status)> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Applies one record's payload (a full record first, then deltas).</summary>
    public void Apply(JournalRecordKind kind, byte[] payload)
    {
        if (kind == JournalRecordKind.Full)
        {
            Canisters.Clear();
            Requests.Clear();
        }
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false));
        TimeNanos = reader.ReadUInt64();
        NextCanisterIndex = reader.ReadUInt64();
        KeySeed = ReadBytes(reader);
        int canisters = reader.ReadInt32();
        for (int i = 0; i < canisters; i++)
        {
            var id = Principal.FromBytes(ReadBytes(reader));
            var flags = (CanisterFlags)reader.ReadByte();
            if (flags.HasFlag(CanisterFlags.Deleted))
            {
                Canisters.Remove(id);
                continue;
            }
            if (!Canisters.TryGetValue(id, out var canister)) Canisters[id] = canister = new Canister();
            if (flags.HasFlag(CanisterFlags.Meta)) canister.Meta = ReadBytes(reader);
            if (flags.HasFlag(CanisterFlags.Module)) canister.Wasm = reader.ReadBoolean() ? ReadBytes(reader) : null;
            if (flags.HasFlag(CanisterFlags.Memory)) canister.Memory = ReadPatch(reader, canister.Memory);
            if (flags.HasFlag(CanisterFlags.Stable)) canister.Stable = ReadPatch(reader, canister.Stable);
        }
        int requests = reader.ReadInt32();
        for (int i = 0; i < requests; i++)
        {
            string id = reader.ReadString();
            var info = new IngressInfo(Principal.FromBytes(ReadBytes(reader)), Principal.FromBytes(ReadBytes(reader)), reader.ReadUInt64());
            var state = (RequestState)reader.ReadByte();
            Response? response = reader.ReadByte() switch
            {
                0 => null,
                1 => Response.Replied(ReadBytes(reader)),
                2 => Response.Rejected((RejectCode)reader.ReadInt32(), reader.ReadString(), reader.ReadBoolean() ? reader.ReadString() : null),
                var b => throw new InvalidDataException($"unknown response tag {b} in the state journal"),
            };
            Requests[id] = (info, new IngressStatus(state, response));
        }
        if (reader.BaseStream.Position != payload.Length) throw new InvalidDataException("a state journal record has trailing bytes");
    }

    /// <summary>Loads this state into an empty core.</summary>
    public void ApplyTo(ReplicaCore core)
    {
        core.TimeNanos = Math.Max(core.TimeNanos, TimeNanos);
        core.Ids.NextIndex = NextCanisterIndex;
        foreach (var (id, saved) in Canisters)
        {
            using var meta = new BinaryReader(new MemoryStream(saved.Meta, writable: false));
            int controllerCount = meta.ReadInt32();
            var controllers = new List<Principal>(controllerCount);
            for (int i = 0; i < controllerCount; i++) controllers.Add(Principal.FromBytes(ReadBytes(meta)));
            var cycles = new UInt128(meta.ReadUInt64(), meta.ReadUInt64());
            var c = core.CreateCanister(controllers, cycles, id);
            c.Status = (CanisterRunStatus)meta.ReadInt32();
            c.Version = meta.ReadUInt64();
            c.CertifiedData = ReadBytes(meta);
            c.GlobalTimer = meta.ReadUInt64();
            c.Settings.ComputeAllocation = ReadBig(meta);
            c.Settings.MemoryAllocation = ReadBig(meta);
            c.Settings.FreezingThreshold = ReadBig(meta);
            c.Settings.ReservedCyclesLimit = ReadBig(meta);
            c.Settings.WasmMemoryLimit = ReadBig(meta);
            c.Settings.WasmMemoryThreshold = ReadBig(meta);
            c.Settings.MinimumIncomingCanisterCallCycles = ReadBig(meta);
            var globals = new object?[meta.ReadInt32()];
            for (int i = 0; i < globals.Length; i++) globals[i] = ReadGlobal(meta);
            long stablePages = meta.ReadInt64();
            c.StableMemory.Load(saved.Stable, stablePages);
            if (saved.Wasm is null) continue;
            var code = CanisterCode.Load(saved.Wasm, core.Options.ModuleCacheDirectory, core.Options.WriteBarrier);
            c.Code = code;
            c.Instance = CanisterInstance.Create(core.Engine, code, new SystemApi(core.SubnetId, core.Accounting), null, saved.Memory, globals);
        }
        foreach (var (id, (info, status)) in Requests)
        {
            core.Requests.Register(id, info);
            core.Requests.Set(id, status);
        }
        core.Requests.TakeChanged();
    }

    /// <summary>Encodes a canister's settings, status and globals: written whenever they differ from the last written.</summary>
    public static byte[] EncodeMeta(CanisterState c, object?[] globals, long stablePages)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(c.Controllers.Count);
            foreach (var p in c.Controllers) WriteBytes(w, p.Bytes.ToArray());
            w.Write((ulong)c.Cycles);
            w.Write((ulong)(c.Cycles >> 64));
            w.Write((int)c.Status);
            w.Write(c.Version);
            WriteBytes(w, c.CertifiedData);
            w.Write(c.GlobalTimer);
            foreach (var value in new[] { c.Settings.ComputeAllocation, c.Settings.MemoryAllocation, c.Settings.FreezingThreshold, c.Settings.ReservedCyclesLimit,
                c.Settings.WasmMemoryLimit, c.Settings.WasmMemoryThreshold, c.Settings.MinimumIncomingCanisterCallCycles })
                w.Write(value.ToString(CultureInfo.InvariantCulture));
            w.Write(globals.Length);
            foreach (var g in globals) WriteGlobal(w, g);
            w.Write(stablePages);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Writes the chunks of <paramref name="current"/> that differ from <paramref name="previous"/> (the last written
    /// content) and brings <paramref name="previous"/> up to date; false, writing nothing, when both are equal.
    /// </summary>
    public static bool WritePatch(BinaryWriter w, ref byte[] previous, ReadOnlySpan<byte> current, IReadOnlyCollection<long>? candidates = null)
    {
        var changed = ChangedChunks(previous, current, candidates);
        if (changed.Count == 0 && current.Length == previous.Length) return false;
        w.Write((long)current.Length);
        w.Write(changed.Count);
        // The same steps as the reader: resize (new bytes zero), then the changed chunks.
        if (previous.Length != current.Length) Array.Resize(ref previous, current.Length);
        foreach (int i in changed)
        {
            int start = i * ChunkSize;
            var chunk = current.Slice(start, Math.Min(ChunkSize, current.Length - start));
            w.Write(i);
            w.Write(chunk);
            chunk.CopyTo(previous.AsSpan(start));
        }
        return true;
    }

    /// <summary>
    /// The chunks of <paramref name="current"/> that differ from <paramref name="previous"/>, ascending. With
    /// <paramref name="candidates"/> (chunks that may have been written since <paramref name="previous"/> was) only
    /// those and the chunks past the previous end are compared.
    /// </summary>
    private static List<int> ChangedChunks(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> current, IReadOnlyCollection<long>? candidates)
    {
        var changed = new List<int>();
        int chunks = (current.Length + ChunkSize - 1) / ChunkSize;
        if (candidates is not null)
        {
            int unchangedEnd = Math.Min(previous.Length, current.Length) / ChunkSize; // whole chunks both sides hold
            foreach (long candidate in candidates)
                if (candidate < unchangedEnd && IsChanged((int)candidate, previous, current)) changed.Add((int)candidate);
            changed.Sort();
            for (int i = unchangedEnd; i < chunks; i++)
                if (IsChanged(i, previous, current)) changed.Add(i);
            return changed;
        }
        for (int i = 0; i < chunks; i++)
            if (IsChanged(i, previous, current)) changed.Add(i);
        return changed;
    }

    private static bool IsChanged(int i, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> current)
    {
        int start = i * ChunkSize, size = Math.Min(ChunkSize, current.Length - start);
        var now = current.Slice(start, size);
        bool same = start + size <= previous.Length ? now.SequenceEqual(previous.Slice(start, size))
            // Past the old end the loader starts from zeros (and the tail of a partial old chunk from the old bytes).
            : start < previous.Length ? now[..(previous.Length - start)].SequenceEqual(previous[start..]) && !now[(previous.Length - start)..].ContainsAnyExcept((byte)0)
            : !now.ContainsAnyExcept((byte)0);
        return !same;
    }

    private static byte[] ReadPatch(BinaryReader r, byte[] previous)
    {
        long length = r.ReadInt64();
        if (length < 0 || length > Array.MaxLength) throw new InvalidDataException($"a memory of {length} bytes in the state journal");
        var memory = previous;
        if (memory.LongLength != length) Array.Resize(ref memory, (int)length); // new bytes are zero, as the writer assumes
        int count = r.ReadInt32();
        for (int n = 0; n < count; n++)
        {
            int i = r.ReadInt32();
            long start = (long)i * ChunkSize;
            if (i < 0 || start >= length) throw new InvalidDataException($"memory chunk {i} is outside a memory of {length} bytes");
            int size = (int)Math.Min(ChunkSize, length - start);
            r.BaseStream.ReadExactly(memory, (int)start, size);
        }
        return memory;
    }

    /// <summary>Encodes a request's status.</summary>
    public static void WriteRequest(BinaryWriter w, string id, IngressInfo info, IngressStatus status)
    {
        w.Write(id);
        WriteBytes(w, info.Sender.Bytes.ToArray());
        WriteBytes(w, info.Receiver.Bytes.ToArray());
        w.Write(info.ExpiryNanos);
        w.Write((byte)status.State);
        switch (status.Response)
        {
            case null:
                w.Write((byte)0);
                break;
            case { Reply: { } reply }:
                w.Write((byte)1);
                WriteBytes(w, reply);
                break;
            case var reject:
                w.Write((byte)2);
                w.Write((int)reject.Code);
                w.Write(reject.Message);
                w.Write(reject.ErrorCode is not null);
                if (reject.ErrorCode is not null) w.Write(reject.ErrorCode);
                break;
        }
    }

    public static void WriteBytes(BinaryWriter w, ReadOnlySpan<byte> bytes)
    {
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader r)
    {
        int length = r.ReadInt32();
        if (length < 0 || length > r.BaseStream.Length - r.BaseStream.Position)
            throw new InvalidDataException($"a field of {length} bytes runs past the end of a state journal record");
        return r.ReadBytes(length);
    }

    private static BigInteger ReadBig(BinaryReader r) => BigInteger.Parse(r.ReadString(), CultureInfo.InvariantCulture);

    private static void WriteGlobal(BinaryWriter w, object? value)
    {
        switch (value)
        {
            case int i: w.Write((byte)1); w.Write((long)i); break;
            case long l: w.Write((byte)2); w.Write(l); break;
            case float f: w.Write((byte)3); w.Write((long)BitConverter.SingleToInt32Bits(f)); break;
            case double d: w.Write((byte)4); w.Write(BitConverter.DoubleToInt64Bits(d)); break;
            default: throw new NotSupportedException($"cannot save a global of type {value?.GetType().Name ?? "null"}");
        }
    }

    private static object ReadGlobal(BinaryReader r) => r.ReadByte() switch
    {
        1 => (int)r.ReadInt64(),
        2 => r.ReadInt64(),
        3 => BitConverter.Int32BitsToSingle((int)r.ReadInt64()),
        4 => BitConverter.Int64BitsToDouble(r.ReadInt64()),
        var t => throw new InvalidDataException($"unknown global type {t} in the state journal"),
    };
}

/// <summary>Which parts of a canister a journal record carries.</summary>
[Flags]
internal enum CanisterFlags : byte
{
    None = 0,
    Deleted = 1,
    Meta = 2,
    Module = 4,
    Memory = 8,
    Stable = 16,
}
