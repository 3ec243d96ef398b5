using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Bridge.Core.Receipts;
using Icp.Candid;

namespace Bridge.Core.Protocol;

/// <summary>
/// receipt_hash without the general <c>hash_of_map</c>'s per-field allocations: the same bytes as
/// <c>RepresentationIndependentHash.HashOfMap(BridgeHashes.ReceiptFields(receipt))</c>, but the keys' SHA-256 are
/// computed once, each value is hashed from a span straight into its 64-byte entry, and the sorted entries are hashed
/// in one call, all through <see cref="OneShotSha256"/>. The intake hashes every receipt it gets, so this is on its hot
/// path (each call through OpenSSL's EVP layer costs far more than its few bytes of hashing).
/// </summary>
internal static class ReceiptHasher
{
    private const int EntryBytes = 64;
    private const int MaxFields = 15;
    // Texts up to this many UTF-8 bytes are encoded on the stack; longer ones (not from the parser) in a rented array.
    private const int StackTextBytes = 512;

    private static readonly byte[] NetworkId = KeyHash("network_id"), ReceiptId = KeyHash("receipt_id"), TaskId = KeyHash("task_id"),
        Workload = KeyHash("workload"), GpuModel = KeyHash("gpu_model"), Provider = KeyHash("provider"), Requester = KeyHash("requester"),
        FeeToken = KeyHash("fee_token"), RequesterSubaccount = KeyHash("requester_subaccount"), ResultHash = KeyHash("result_hash"),
        GpuSeconds = KeyHash("gpu_seconds"), StartedAtNs = KeyHash("started_at_ns"), EndedAtNs = KeyHash("ended_at_ns"),
        FeeAmount = KeyHash("fee_amount"), FeeBlock = KeyHash("fee_block");

    public static byte[] Hash(Receipt receipt)
    {
        Span<byte> entries = stackalloc byte[MaxFields * EntryBytes];
        int n = 0;
        Text(receipt.NetworkId, Next(entries, ref n, NetworkId));
        Text(receipt.ReceiptId, Next(entries, ref n, ReceiptId));
        Text(receipt.TaskId, Next(entries, ref n, TaskId));
        Text(receipt.Workload, Next(entries, ref n, Workload));
        Text(receipt.GpuModel, Next(entries, ref n, GpuModel));
        Principal(receipt.Provider, Next(entries, ref n, Provider));
        Principal(receipt.Requester, Next(entries, ref n, Requester));
        Principal(receipt.FeeToken, Next(entries, ref n, FeeToken));
        if (receipt.RequesterSubaccount is { } sub) ValueHash(sub, Next(entries, ref n, RequesterSubaccount));
        ValueHash(receipt.ResultHash, Next(entries, ref n, ResultHash));
        Nat(receipt.GpuSeconds, Next(entries, ref n, GpuSeconds));
        Nat(receipt.StartedAtNs, Next(entries, ref n, StartedAtNs));
        Nat(receipt.EndedAtNs, Next(entries, ref n, EndedAtNs));
        Nat(receipt.FeeAmount, Next(entries, ref n, FeeAmount));
        if (receipt.FeeBlock is { } block) Nat(block, Next(entries, ref n, FeeBlock));

        entries = entries[..(n * EntryBytes)];
        SortEntries(entries, n);
        var hash = new byte[32];
        OneShotSha256.Hash(entries, hash);
        return hash;
    }

    /// <summary>Starts the next entry with its key's hash; returns where the value's hash goes.</summary>
    private static Span<byte> Next(Span<byte> entries, ref int count, byte[] keyHash)
    {
        var entry = entries.Slice(count++ * EntryBytes, EntryBytes);
        keyHash.CopyTo(entry);
        return entry[32..];
    }

    /// <summary>SHA-256 of one value (see <see cref="OneShotSha256"/>: most are a few dozen bytes).</summary>
    private static void ValueHash(ReadOnlySpan<byte> value, Span<byte> hash) => OneShotSha256.Hash(value, hash);

    private static byte[] KeyHash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static void Text(string text, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(text);
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= StackTextBytes)
        {
            Span<byte> utf8 = stackalloc byte[StackTextBytes];
            ValueHash(utf8[..Encoding.UTF8.GetBytes(text, utf8)], hash);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try { ValueHash(rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)), hash); }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    private static void Principal(Principal principal, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ValueHash(principal.Bytes, hash);
    }

    /// <summary>SHA-256 of the shortest unsigned LEB128 of <paramref name="value"/>.</summary>
    private static void Nat(UInt128 value, Span<byte> hash)
    {
        Span<byte> leb = stackalloc byte[19]; // ceil(128 / 7)
        int length = 0;
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            leb[length++] = value == 0 ? b : (byte)(b | 0x80);
        }
        while (value != 0);
        ValueHash(leb[..length], hash);
    }

    /// <summary>Insertion sort of <paramref name="count"/> 64-byte entries, bytewise (at most 15: fewer compares than a general sort's setup).</summary>
    private static void SortEntries(Span<byte> entries, int count)
    {
        Span<byte> held = stackalloc byte[EntryBytes];
        for (int i = 1; i < count; i++)
        {
            entries.Slice(i * EntryBytes, EntryBytes).CopyTo(held);
            int j = i - 1;
            while (j >= 0 && entries.Slice(j * EntryBytes, EntryBytes).SequenceCompareTo(held) > 0)
            {
                entries.Slice(j * EntryBytes, EntryBytes).CopyTo(entries.Slice((j + 1) * EntryBytes, EntryBytes));
                j--;
            }
            held.CopyTo(entries.Slice((j + 1) * EntryBytes, EntryBytes));
        }
    }
}
