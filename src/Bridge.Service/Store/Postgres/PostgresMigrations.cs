namespace Bridge.Service.Store.Postgres;

/// <summary>
/// The PostgreSQL schema as forward-only migrations, recorded in <c>schema_migrations</c>: version n runs once, in
/// order, in its own transaction, under an advisory lock (so instances starting together apply each exactly once), and
/// is never edited after release (a change is a new version). Unsigned 64-bit values are <c>numeric(20,0)</c>,
/// 128-bit ones <c>numeric(39,0)</c>, unbounded sums <c>numeric</c>: exact, and they sort as numbers.
/// <c>bridge_lease</c> is the active role's lease: one row, its fencing token only ever grows.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE settings (key text PRIMARY KEY, value text);
            CREATE TABLE nodes (
              provider bytea PRIMARY KEY, public_key bytea NOT NULL, owner bytea NOT NULL, registered_ns numeric(20,0) NOT NULL);
            CREATE TABLE receipts (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              provider bytea NOT NULL, receipt_id text NOT NULL, receipt_hash bytea NOT NULL,
              network_id text NOT NULL, task_id text NOT NULL, requester bytea NOT NULL, requester_subaccount bytea,
              workload text NOT NULL, gpu_model text NOT NULL, gpu_seconds numeric(20,0) NOT NULL,
              started_at_ns numeric(20,0) NOT NULL, ended_at_ns numeric(20,0) NOT NULL, fee_token bytea NOT NULL,
              fee_amount numeric(39,0) NOT NULL, fee_block numeric(20,0), result_hash bytea NOT NULL, provider_signature bytea NOT NULL,
              requester_public_key bytea, requester_signature bytea,
              acked_ns numeric(20,0) NOT NULL, batch bigint, leaf_index bigint,
              UNIQUE (provider, receipt_id));
            CREATE INDEX receipts_unbatched ON receipts (receipt_hash) WHERE batch IS NULL;
            CREATE TABLE batches (
              sequence bigint PRIMARY KEY, previous_root bytea NOT NULL, root bytea NOT NULL, receipt_count bigint NOT NULL,
              total_fees numeric NOT NULL, total_gpu_seconds numeric NOT NULL, window_start_ns numeric(20,0) NOT NULL,
              window_end_ns numeric(20,0) NOT NULL, state text NOT NULL, reject_reason text, posted_ns numeric(20,0), final_after_ns numeric(20,0));
            CREATE INDEX batches_window_end ON batches (window_end_ns);
            CREATE TABLE batch_leaves (
              sequence bigint NOT NULL, leaf_index bigint NOT NULL, receipt bigint NOT NULL, leaf bytea NOT NULL,
              PRIMARY KEY (sequence, leaf_index));
            CREATE TABLE outbox (
              kind text NOT NULL, key text NOT NULL, request_id bytea NOT NULL, envelope bytea NOT NULL, created_ns numeric(20,0) NOT NULL,
              outcome text, reply bytea, PRIMARY KEY (kind, key));
            CREATE TABLE events (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at_ns numeric(20,0) NOT NULL, kind text NOT NULL,
              subject text NOT NULL, detail text NOT NULL);
            CREATE TABLE epochs (
              epoch bigint PRIMARY KEY, first_batch bigint NOT NULL, last_batch bigint NOT NULL, state text NOT NULL,
              distribution_root bytea, total_payout numeric, settled_ns numeric(20,0), posted_ns numeric(20,0));
            CREATE TABLE lines (
              epoch bigint NOT NULL, line_index bigint NOT NULL, owner bytea NOT NULL, subaccount bytea, amount numeric NOT NULL,
              line_hash bytea NOT NULL, created_at_time numeric(20,0) NOT NULL, fee numeric NOT NULL, status text NOT NULL,
              block_index numeric, reason text, PRIMARY KEY (epoch, line_index));
            CREATE INDEX lines_account ON lines (owner, subaccount);
            CREATE TABLE ineligible (
              epoch bigint NOT NULL, provider bytea NOT NULL, receipt_id text NOT NULL, reason text NOT NULL,
              PRIMARY KEY (epoch, provider, receipt_id));
            CREATE TABLE bridge_lease (
              name text PRIMARY KEY, holder text, token bigint NOT NULL, acquired_at timestamptz, expires_at timestamptz NOT NULL);
            INSERT INTO bridge_lease (name, holder, token, expires_at) VALUES ('active', NULL, 0, '-infinity');
            """),
        // The payout worker's reconciliation start (the ledger's log length when a line was stamped).
        (2, """
            ALTER TABLE lines ADD COLUMN reconcile_from_block numeric;
            """),
        // A node's batches and receipt counts (the explorer's node page) by index instead of all of its receipts' rows.
        (3, """
            CREATE INDEX receipts_provider_batch ON receipts (provider, batch);
            """),
        // Intake writes only what it needs. The unbatched index was keyed by receipt_hash, so every insert went to a
        // random page of it: now it is in acked_ns order (appended at its right end), as on SQLite; the batcher still
        // reads the unbatched receipts before its cut through it and orders them by hash itself. A receipt's batch is
        // NULL until it is cut, so (provider, batch) is indexed for batched rows alone (the explorer asks only for
        // those).
        (4, """
            DROP INDEX receipts_unbatched;
            CREATE INDEX receipts_unbatched ON receipts (acked_ns) WHERE batch IS NULL;
            DROP INDEX receipts_provider_batch;
            CREATE INDEX receipts_provider_batched ON receipts (provider, batch) WHERE batch IS NOT NULL;
            """),
    ];
}
