using Icp.Candid;
using Icp.Replica.Execution;

namespace Icp.Replica.State;

/// <summary>
/// Keeps the replica's state in a directory so that a crash (SIGKILL, power loss) loses nothing that was answered.
/// The directory holds journal files <c>journal.NNNNNNNNNN.log</c>; each starts with a record of the whole state and
/// goes on with one record per round that changed something: the canisters whose settings, module, main or stable
/// memory changed (memory as the 4 KiB chunks that differ from the last written content), and the HTTP ingress
/// messages registered or answered. <see cref="Commit"/> appends and fsyncs that record before the round's answers
/// leave the replica. When a file has grown past twice its first record (and 64 MiB), the next generation starts with a
/// new full record; the previous generation stays as a fallback until the one after. A torn or corrupt record ends its
/// file (it never was acknowledged); a new generation whose first record is torn is skipped for the one before.
/// </summary>
internal sealed class StateJournal : IDisposable
{
    /// <summary>Journal files smaller than this are never compacted.</summary>
    public const long MinCompactionBytes = 64L << 20;

    private sealed class Shadow
    {
        public byte[] Meta = [];
        public CanisterCode? Code;
        public bool CodeWritten;
        public CanisterInstance? Instance;
        public ulong Executions;
        public byte[] Memory = [];
        public object?[] Globals = [];
        public byte[] Stable = [];
        public StableMemory? StableSeen;
        public long StableVersion;
    }

    private readonly string _directory;
    private readonly byte[] _keySeed;
    private readonly Dictionary<Principal, Shadow> _shadows = [];
    private FileStream? _file;
    private long _generation;
    private long _fullLength;
    private ulong _nextCanisterIndex;
    private bool _failed;

    private StateJournal(string directory, byte[] keySeed, long lastGeneration)
    {
        _directory = directory;
        _keySeed = keySeed;
        _generation = lastGeneration;
    }

    /// <summary>Bytes appended to the current journal file.</summary>
    public long Length => _file?.Length ?? 0;

    /// <summary>The current generation (journal file number).</summary>
    public long Generation => _generation;

    /// <summary>
    /// Reads the newest consistent state of <paramref name="directory"/>: null when it holds no journal. Generations whose
    /// first record is torn or corrupt are passed over for the one before.
    /// </summary>
    public static JournalState? Read(string directory)
    {
        foreach (long generation in JournalFile.Generations(directory))
        {
            var (records, _) = JournalFile.Read(Path.Combine(directory, JournalFile.NameOf(generation)));
            if (records.Count == 0 || records[0].Kind != JournalRecordKind.Full) continue;
            var state = new JournalState { Generation = generation };
            foreach (var (kind, payload) in records) state.Apply(kind, payload);
            return state;
        }
        return null;
    }

    /// <summary>
    /// Starts journaling <paramref name="core"/> (already loaded, from generation <paramref name="loaded"/> when not null)
    /// into <paramref name="directory"/>: writes its whole state as a new generation, keeps the loaded one as the fallback
    /// and deletes the rest (torn newer generations included).
    /// </summary>
    public static StateJournal Start(string directory, ReplicaCore core, byte[] keySeed, long? loaded = null)
    {
        Directory.CreateDirectory(directory);
        var generations = JournalFile.Generations(directory);
        var journal = new StateJournal(directory, keySeed, generations.Count == 0 ? 0 : generations[0]);
        journal.Checkpoint(core, keep: loaded ?? 0);
        return journal;
    }

    /// <summary>
    /// Appends what changed since the last record and makes it durable (fsync). Call it at the end of every round,
    /// before its answers are released. Returns false when nothing but time changed (nothing written).
    /// </summary>
    public bool Commit(ReplicaCore core)
    {
        ObjectDisposedException.ThrowIf(_file is null, this);
        try
        {
            if (_failed)
            {
                // A commit failed half way (its changes are taken but not on disk): start over from the whole state.
                Checkpoint(core);
                _failed = false;
                return true;
            }
            var payload = Changes(core, full: false);
            if (payload is null) return false;
            var record = JournalFile.Frame(JournalRecordKind.Delta, payload);
            _file.Write(record);
            _file.Flush(flushToDisk: true);
            if (_file.Length > Math.Max(MinCompactionBytes, 2 * _fullLength)) Checkpoint(core);
            return true;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Starts a new generation with the whole state, then drops all but the previous generation.</summary>
    public void Checkpoint(ReplicaCore core) => Checkpoint(core, keep: _generation);

    private void Checkpoint(ReplicaCore core, long keep)
    {
        _shadows.Clear();
        var payload = Changes(core, full: true)!;
        var record = JournalFile.Frame(JournalRecordKind.Full, payload);
        long generation = _generation + 1;
        string path = Path.Combine(_directory, JournalFile.NameOf(generation));
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        try
        {
            file.Write(record);
            file.Flush(flushToDisk: true);
            JournalFile.SyncDirectory(_directory);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        _file?.Dispose();
        _file = file;
        _fullLength = record.Length;
        _generation = generation;
        bool deleted = false;
        foreach (long old in JournalFile.Generations(_directory))
        {
            if (old == generation || old == keep) continue;
            File.Delete(Path.Combine(_directory, JournalFile.NameOf(old)));
            deleted = true;
        }
        if (deleted) JournalFile.SyncDirectory(_directory);
    }

    /// <summary>The payload of a record: everything when <paramref name="full"/>, else what changed (null when nothing did).</summary>
    private byte[]? Changes(ReplicaCore core, bool full)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(core.TimeNanos);
        w.Write(core.Ids.NextIndex);
        JournalState.WriteBytes(w, _keySeed);
        long countAt = stream.Position;
        w.Write(0);
        int canisters = 0;
        foreach (var (id, c) in core.Canisters)
            if (WriteCanister(w, id, c)) canisters++;
        foreach (var id in _shadows.Keys.Where(k => !core.Canisters.ContainsKey(k)).ToList())
        {
            _shadows.Remove(id);
            JournalState.WriteBytes(w, id.Bytes.ToArray());
            w.Write((byte)CanisterFlags.Deleted);
            canisters++;
        }
        var requests = full ? core.Requests.Ingress.ToList() : core.Requests.TakeChanged();
        if (full) core.Requests.TakeChanged();
        w.Write(requests.Count);
        foreach (var (requestId, info, status) in requests) JournalState.WriteRequest(w, requestId, info, status);
        bool changed = full || canisters > 0 || requests.Count > 0 || core.Ids.NextIndex != _nextCanisterIndex;
        _nextCanisterIndex = core.Ids.NextIndex;
        if (!changed) return null;
        w.Flush();
        long end = stream.Position;
        stream.Position = countAt;
        w.Write(canisters);
        w.Flush();
        stream.Position = end;
        return stream.ToArray();
    }

    /// <summary>Writes the parts of a canister that differ from what was last written; false when none do.</summary>
    private bool WriteCanister(BinaryWriter w, Principal id, CanisterState c)
    {
        if (!_shadows.TryGetValue(id, out var shadow)) _shadows[id] = shadow = new Shadow();
        using var parts = new MemoryStream();
        using var pw = new BinaryWriter(parts);
        var flags = CanisterFlags.None;

        if (!shadow.CodeWritten || !ReferenceEquals(shadow.Code, c.Code))
        {
            flags |= CanisterFlags.Module;
            pw.Write(c.Code is not null);
            if (c.Code is not null) JournalState.WriteBytes(pw, c.Code.Wasm);
            shadow.Code = c.Code;
            shadow.CodeWritten = true;
        }

        if (!ReferenceEquals(shadow.Instance, c.Instance) || shadow.Executions != c.Executions)
        {
            // Main memory may have changed: compare it in place with what was written, only the pages written since
            // where the instance's copy-on-write memory knows them (the same instance as last time), else all of it.
            var written = c.Instance?.TakeWrittenPages();
            if (!ReferenceEquals(shadow.Instance, c.Instance)) written = null;
            if (JournalState.WritePatch(pw, ref shadow.Memory, c.Instance is { } instance ? instance.MemoryBytes : [], written)) flags |= CanisterFlags.Memory;
            shadow.Globals = c.Instance?.GlobalValues() ?? [];
            shadow.Instance = c.Instance;
            shadow.Executions = c.Executions;
        }

        // Stable memory counts its changes: an unchanged version means unchanged content. The shadow is a copy
        // (patched in place); the reference is what tells a change.
        var (stable, stablePages) = c.StableMemory.Contents;
        if (!ReferenceEquals(c.StableMemory, shadow.StableSeen) || c.StableMemory.Version != shadow.StableVersion)
        {
            if (JournalState.WritePatch(pw, ref shadow.Stable, stable)) flags |= CanisterFlags.Stable;
            shadow.StableSeen = c.StableMemory;
            shadow.StableVersion = c.StableMemory.Version;
        }

        byte[] meta = JournalState.EncodeMeta(c, shadow.Globals, stablePages);
        bool metaChanged = !meta.AsSpan().SequenceEqual(shadow.Meta);
        if (metaChanged) flags |= CanisterFlags.Meta;
        shadow.Meta = meta;
        if (flags == CanisterFlags.None) return false;

        // The reader expects: meta, module, memory, stable.
        JournalState.WriteBytes(w, id.Bytes.ToArray());
        w.Write((byte)flags);
        if (metaChanged) JournalState.WriteBytes(w, meta);
        pw.Flush();
        w.Write(parts.GetBuffer().AsSpan(0, (int)parts.Length));
        return true;
    }

    /// <summary>Closes the journal file (everything written is already durable).</summary>
    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}
