using System.Data.Common;
using System.Numerics;
using Bridge.Core.Nodes;
using Bridge.Core.Receipts;
using Icp.Candid;

namespace Bridge.Service.Store;

/// <summary>
/// Rows of the stores' tables as records, for both stores: they have the same tables and columns, read in the order of
/// the column lists here. Only how a natural number is held differs (SQLite: decimal text; PostgreSQL: <c>numeric</c>),
/// which each store's subclass says.
/// </summary>
internal abstract class StoreRows
{
    public const string ReceiptColumns = """
        id, provider, receipt_id, receipt_hash, network_id, task_id, requester, requester_subaccount, workload, gpu_model,
        gpu_seconds, started_at_ns, ended_at_ns, fee_token, fee_amount, fee_block, result_hash, provider_signature,
        requester_public_key, requester_signature, acked_ns, batch, leaf_index
        """;

    public const string BatchColumns = """
        sequence, previous_root, root, receipt_count, total_fees, total_gpu_seconds, window_start_ns, window_end_ns,
        state, reject_reason, posted_ns, final_after_ns
        """;

    public const string LineColumns =
        "epoch, line_index, owner, subaccount, amount, line_hash, created_at_time, fee, status, block_index, reason, reconcile_from_block";

    public const string EpochColumns = "epoch, first_batch, last_batch, state, distribution_root, total_payout";

    public const string OutboxColumns = "kind, key, request_id, envelope, created_ns, outcome, reply";

    public const string NodeColumns = "provider, public_key, owner";

    public const string IneligibleColumns = "epoch, provider, receipt_id, reason";

    /// <summary>A natural number column (any size).</summary>
    protected abstract BigInteger Nat(DbDataReader r, int i);

    /// <summary>A natural number column that fits 64 bits (nanoseconds, block indexes).</summary>
    protected abstract ulong U64(DbDataReader r, int i);

    public StoredReceipt Receipt(DbDataReader r)
    {
        var receipt = new Receipt
        {
            Provider = Principal.FromBytes((byte[])r[1]),
            ReceiptId = r.GetString(2),
            NetworkId = r.GetString(4),
            TaskId = r.GetString(5),
            Requester = Principal.FromBytes((byte[])r[6]),
            RequesterSubaccount = BytesOrNull(r, 7),
            Workload = r.GetString(8),
            GpuModel = r.GetString(9),
            GpuSeconds = U64(r, 10),
            StartedAtNs = U64(r, 11),
            EndedAtNs = U64(r, 12),
            FeeToken = Principal.FromBytes((byte[])r[13]),
            FeeAmount = (UInt128)Nat(r, 14),
            FeeBlock = r.IsDBNull(15) ? null : U64(r, 15),
            ResultHash = (byte[])r[16],
            ProviderSignature = (byte[])r[17],
            RequesterPublicKey = BytesOrNull(r, 18),
            RequesterSignature = BytesOrNull(r, 19),
        };
        return new StoredReceipt(r.GetInt64(0), receipt, (byte[])r[3], U64(r, 20), Int64OrNull(r, 21), Int64OrNull(r, 22));
    }

    public StoredBatch Batch(DbDataReader r) => new()
    {
        Sequence = r.GetInt64(0),
        PreviousRoot = (byte[])r[1],
        Root = (byte[])r[2],
        ReceiptCount = r.GetInt64(3),
        TotalFees = Nat(r, 4),
        TotalGpuSeconds = Nat(r, 5),
        WindowStartNs = U64(r, 6),
        WindowEndNs = U64(r, 7),
        State = Enum.Parse<BatchState>(r.GetString(8)),
        RejectReason = TextOrNull(r, 9),
        PostedNs = r.IsDBNull(10) ? null : U64(r, 10),
        FinalAfterNs = r.IsDBNull(11) ? null : U64(r, 11),
    };

    public StoredLine Line(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), (byte[])r[2], BytesOrNull(r, 3), Nat(r, 4), (byte[])r[5],
        U64(r, 6), Nat(r, 7), r.GetString(8), r.IsDBNull(9) ? null : Nat(r, 9), TextOrNull(r, 10), r.IsDBNull(11) ? null : Nat(r, 11));

    public StoredEpoch Epoch(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), (byte[])r[4], Nat(r, 5));

    public OutboxEntry Outbox(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), (byte[])r[2], (byte[])r[3], U64(r, 4), TextOrNull(r, 5), BytesOrNull(r, 6));

    public static RegisteredNode Node(DbDataReader r) =>
        new(Principal.FromBytes((byte[])r[0]), (byte[])r[1], Principal.FromBytes((byte[])r[2]));

    public static IneligibleReceipt Ineligible(DbDataReader r) => new(r.GetInt64(0), (byte[])r[1], r.GetString(2), r.GetString(3));

    /// <summary>Reads every row of <paramref name="r"/> with <paramref name="map"/>.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(DbDataReader r, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var list = new List<T>();
        while (await r.ReadAsync(ct)) list.Add(map(r));
        return list;
    }

    private static byte[]? BytesOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : (byte[])r[i];

    private static string? TextOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? Int64OrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
