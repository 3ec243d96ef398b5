namespace Bridge.Service.Store.Sqlite;

/// <summary>
/// The SQLite schema as forward-only migrations: version n runs once, in order, in its own transaction, and is never
/// edited after release (a change is a new version). Unsigned 64-bit values that must sort are 20-digit zero-padded
/// text; other naturals are decimal text (they exceed SQLite's signed 64-bit integers).
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE nodes (
              provider BLOB PRIMARY KEY, public_key BLOB NOT NULL, owner BLOB NOT NULL, registered_ns TEXT NOT NULL);
            CREATE TABLE receipts (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              provider BLOB NOT NULL, receipt_id TEXT NOT NULL, receipt_hash BLOB NOT NULL,
              network_id TEXT NOT NULL, task_id TEXT NOT NULL, requester BLOB NOT NULL, requester_subaccount BLOB,
              workload TEXT NOT NULL, gpu_model TEXT NOT NULL, gpu_seconds TEXT NOT NULL,
              started_at_ns TEXT NOT NULL, ended_at_ns TEXT NOT NULL, fee_token BLOB NOT NULL, fee_amount TEXT NOT NULL,
              fee_block TEXT, result_hash BLOB NOT NULL, provider_signature BLOB NOT NULL,
              requester_public_key BLOB, requester_signature BLOB,
              acked_ns TEXT NOT NULL, batch INTEGER, leaf_index INTEGER,
              UNIQUE (provider, receipt_id));
            CREATE INDEX receipts_unbatched ON receipts (acked_ns) WHERE batch IS NULL;
            CREATE TABLE batches (
              sequence INTEGER PRIMARY KEY, previous_root BLOB NOT NULL, root BLOB NOT NULL, receipt_count INTEGER NOT NULL,
              total_fees TEXT NOT NULL, total_gpu_seconds TEXT NOT NULL, window_start_ns TEXT NOT NULL, window_end_ns TEXT NOT NULL,
              state TEXT NOT NULL, reject_reason TEXT, posted_ns TEXT, final_after_ns TEXT);
            CREATE TABLE batch_leaves (
              sequence INTEGER NOT NULL, leaf_index INTEGER NOT NULL, receipt INTEGER NOT NULL, leaf BLOB NOT NULL,
              PRIMARY KEY (sequence, leaf_index));
            CREATE TABLE outbox (
              kind TEXT NOT NULL, key TEXT NOT NULL, request_id BLOB NOT NULL, envelope BLOB NOT NULL, created_ns TEXT NOT NULL,
              outcome TEXT, reply BLOB, PRIMARY KEY (kind, key));
            CREATE TABLE events (
              id INTEGER PRIMARY KEY AUTOINCREMENT, at_ns TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL);
            CREATE TABLE epochs (
              epoch INTEGER PRIMARY KEY, first_batch INTEGER NOT NULL, last_batch INTEGER NOT NULL, state TEXT NOT NULL,
              distribution_root BLOB, total_payout TEXT, settled_ns TEXT, posted_ns TEXT);
            CREATE TABLE lines (
              epoch INTEGER NOT NULL, line_index INTEGER NOT NULL, owner BLOB NOT NULL, subaccount BLOB, amount TEXT NOT NULL,
              line_hash BLOB NOT NULL, created_at_time TEXT NOT NULL, fee TEXT NOT NULL, status TEXT NOT NULL,
              block_index TEXT, reason TEXT, PRIMARY KEY (epoch, line_index));
            CREATE TABLE ineligible (
              epoch INTEGER NOT NULL, provider BLOB NOT NULL, receipt_id TEXT NOT NULL, reason TEXT NOT NULL,
              PRIMARY KEY (epoch, provider, receipt_id));
            """),
        // The payout worker's reconciliation start (the ledger's log length when a line was stamped).
        (2, """
            ALTER TABLE lines ADD COLUMN reconcile_from_block TEXT;
            """),
        // The explorer's reads found by index, as on PostgreSQL: a node's batches and counts (provider, batch), an
        // account's lines (owner, subaccount), an open epoch's batch range (window_end_ns).
        (3, """
            CREATE INDEX receipts_provider_batch ON receipts (provider, batch);
            CREATE INDEX lines_account ON lines (owner, subaccount);
            CREATE INDEX batches_window_end ON batches (window_end_ns);
            """),
        // Intake writes only what it needs: a receipt's batch is NULL until it is cut, so (provider, batch) is indexed
        // for batched rows alone (the explorer asks only for those); the unique key and the unbatched index (in
        // acked_ns order: appended at its end) stay.
        (4, """
            DROP INDEX receipts_provider_batch;
            CREATE INDEX receipts_provider_batched ON receipts (provider, batch) WHERE batch IS NOT NULL;
            """),
    ];
}
