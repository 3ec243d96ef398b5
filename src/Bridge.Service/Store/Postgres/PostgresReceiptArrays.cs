using System.Numerics;
using Npgsql;
using NpgsqlTypes;

namespace Bridge.Service.Store.Postgres;

/// <summary>
/// A group of receipts as one array per column, for a single <c>INSERT … SELECT FROM unnest(…)</c>: one statement and
/// one round trip per group commit instead of one statement per receipt. Naturals travel as <c>numeric[]</c>, exactly;
/// absent optionals as NULL elements.
/// </summary>
internal static class PostgresReceiptArrays
{
    /// <summary>
    /// Inserts the rows of <c>@p…@ack</c> in array order (the caller's lock order) and skips any (provider, receipt_id)
    /// already there, also one inserted earlier by the same statement; returns the rows it inserted.
    /// </summary>
    public const string InsertSql = """
        INSERT INTO receipts (provider, receipt_id, receipt_hash, network_id, task_id, requester, requester_subaccount,
          workload, gpu_model, gpu_seconds, started_at_ns, ended_at_ns, fee_token, fee_amount, fee_block, result_hash,
          provider_signature, requester_public_key, requester_signature, acked_ns)
        SELECT p, rid, h, net, task, req, sub, w, g, gs, s, e, ft, fa, fb, rh, ps, rk, rs, ack
        FROM unnest(@p, @rid, @h, @net, @task, @req, @sub, @w, @g, @gs, @s, @e, @ft, @fa, @fb, @rh, @ps, @rk, @rs, @ack)
          WITH ORDINALITY AS t(p, rid, h, net, task, req, sub, w, g, gs, s, e, ft, fa, fb, rh, ps, rk, rs, ack, n)
        ORDER BY n
        ON CONFLICT (provider, receipt_id) DO NOTHING
        RETURNING id, provider, receipt_id
        """;

    /// <summary>The stored rows of the (provider, receipt_id) pairs of <c>@p</c> and <c>@rid</c>.</summary>
    public const string ReadSql = $"""
        SELECT {StoreRows.ReceiptColumns} FROM receipts
        WHERE (provider, receipt_id) IN (SELECT * FROM unnest(@p, @rid))
        """;

    /// <summary>The twenty column arrays of <paramref name="receipts"/> taken in <paramref name="order"/>.</summary>
    public static void AddInsertParameters(NpgsqlParameterCollection parameters, IReadOnlyList<StoredReceipt> receipts, IReadOnlyList<int> order)
    {
        int n = order.Count;
        var p = new byte[n][]; var rid = new string[n]; var h = new byte[n][]; var net = new string[n]; var task = new string[n];
        var req = new byte[n][]; var sub = new byte[]?[n]; var w = new string[n]; var g = new string[n]; var gs = new decimal[n];
        var s = new decimal[n]; var e = new decimal[n]; var ft = new byte[n][]; var fa = new BigInteger[n]; var fb = new decimal?[n];
        var rh = new byte[n][]; var ps = new byte[n][]; var rk = new byte[]?[n]; var rs = new byte[]?[n]; var ack = new decimal[n];
        for (int k = 0; k < n; k++)
        {
            var stored = receipts[order[k]];
            var r = stored.Receipt;
            p[k] = r.Provider.ToArray(); rid[k] = r.ReceiptId; h[k] = stored.ReceiptHash; net[k] = r.NetworkId; task[k] = r.TaskId;
            req[k] = r.Requester.ToArray(); sub[k] = r.RequesterSubaccount; w[k] = r.Workload; g[k] = r.GpuModel; gs[k] = r.GpuSeconds;
            s[k] = r.StartedAtNs; e[k] = r.EndedAtNs; ft[k] = r.FeeToken.ToArray(); fa[k] = (BigInteger)r.FeeAmount; fb[k] = r.FeeBlock;
            rh[k] = r.ResultHash; ps[k] = r.ProviderSignature; rk[k] = r.RequesterPublicKey; rs[k] = r.RequesterSignature; ack[k] = stored.AckedNs;
        }
        Add(parameters, "p", Bytes, p); Add(parameters, "rid", Text, rid); Add(parameters, "h", Bytes, h); Add(parameters, "net", Text, net);
        Add(parameters, "task", Text, task); Add(parameters, "req", Bytes, req); Add(parameters, "sub", Bytes, sub); Add(parameters, "w", Text, w);
        Add(parameters, "g", Text, g); Add(parameters, "gs", Numeric, gs); Add(parameters, "s", Numeric, s); Add(parameters, "e", Numeric, e);
        Add(parameters, "ft", Bytes, ft); Add(parameters, "fa", Numeric, fa); Add(parameters, "fb", Numeric, fb); Add(parameters, "rh", Bytes, rh);
        Add(parameters, "ps", Bytes, ps); Add(parameters, "rk", Bytes, rk); Add(parameters, "rs", Bytes, rs); Add(parameters, "ack", Numeric, ack);
    }

    /// <summary>The key arrays (<c>@p</c>, <c>@rid</c>) of <paramref name="receipts"/> at <paramref name="indexes"/>.</summary>
    public static void AddKeyParameters(NpgsqlParameterCollection parameters, IReadOnlyList<StoredReceipt> receipts, IReadOnlyList<int> indexes)
    {
        Add(parameters, "p", Bytes, indexes.Select(i => receipts[i].Receipt.Provider.ToArray()).ToArray());
        Add(parameters, "rid", Text, indexes.Select(i => receipts[i].Receipt.ReceiptId).ToArray());
    }

    private const NpgsqlDbType Bytes = NpgsqlDbType.Array | NpgsqlDbType.Bytea;
    private const NpgsqlDbType Text = NpgsqlDbType.Array | NpgsqlDbType.Text;
    private const NpgsqlDbType Numeric = NpgsqlDbType.Array | NpgsqlDbType.Numeric;

    private static void Add(NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, object values) =>
        parameters.Add(new NpgsqlParameter(name, type) { Value = values });
}
