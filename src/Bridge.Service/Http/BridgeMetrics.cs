using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using Bridge.Service.Roles;
using Prometheus;

namespace Bridge.Service.Http;

/// <summary>
/// The bridge's metrics, served as Prometheus text at <c>GET /metrics</c> (the list is in docs/bridge-operations.md).
/// Each instance has its own prometheus-net registry (several bridges may run in one process, as tests do). Counters
/// and the post histogram are fed where things happen; the gauges that describe shared state (batches, halts, roles)
/// are read at each scrape by <see cref="MetricsScrape"/>; the payout worker feeds the payout ones through
/// <see cref="SetPayoutLines"/>, <see cref="PayoutError"/> and <see cref="SetPayoutBalance"/>.
/// </summary>
public sealed class BridgeMetrics
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly IMetricFactory _factory;
    private readonly Counter _receipts;
    private readonly Counter _registrations;
    private readonly Counter _intakeCommits;
    private readonly Counter _batchesCut;
    private readonly Counter _batchesPosted;
    private readonly Histogram _postDuration;
    private readonly Counter _halts;
    private readonly Gauge _halted;
    private readonly Gauge _roleActive;
    private readonly Gauge _lastSequence;
    private readonly Gauge _batchAge;
    private readonly Gauge _payoutLines;
    private readonly Counter _payoutErrors;
    private readonly Gauge _payoutBalance;
    private readonly ConcurrentDictionary<string, Counter> _extraCounters = new();

    /// <summary>Registers every metric; <c>bridge_build_info</c> carries this assembly's version and commit.</summary>
    public BridgeMetrics()
    {
        _factory = Metrics.WithCustomRegistry(_registry);
        _receipts = _factory.CreateCounter("bridge_receipts_total",
            "Receipts answered: result accepted (202), repeated (200) or refused; code is the problem code (none when acknowledged)", ["result", "code"]);
        _registrations = _factory.CreateCounter("bridge_registrations_total", "Node registrations answered, by HTTP status", ["status"]);
        _intakeCommits = _factory.CreateCounter("bridge_intake_commits_total", "Group commits of the intake writer");
        _batchesCut = _factory.CreateCounter("bridge_batches_cut_total", "Batches cut by this instance");
        _batchesPosted = _factory.CreateCounter("bridge_batches_posted_total", "Batches this instance posted to the rollup canister");
        _postDuration = _factory.CreateHistogram("bridge_post_duration_seconds", "Time from signing submit_batch to the canister's answer",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 12) });
        _halts = _factory.CreateCounter("bridge_halts_total", "Halts raised by this instance, by role", ["role"]);
        _halted = _factory.CreateGauge("bridge_halted", "1 while the role is halted (shared by every instance of a store)", ["role"]);
        _roleActive = _factory.CreateGauge("bridge_role_active", "1 while this instance runs the role (it holds the active role)", ["role"]);
        _lastSequence = _factory.CreateGauge("bridge_batch_last_sequence", "Sequence of the last batch posted to the rollup canister (0: none)");
        _batchAge = _factory.CreateGauge("bridge_batch_age_seconds", "Seconds since the last batch was posted (0 when none was)");
        _payoutLines = _factory.CreateGauge("bridge_payout_lines", "Payout lines by status, as the payout worker last counted them", ["status"]);
        _payoutErrors = _factory.CreateCounter("bridge_payout_errors_total", "Ledger errors met by the payout worker, by error", ["error"]);
        _payoutBalance = _factory.CreateGauge("bridge_payout_account_balance", "The payout account's balance in the reward token's smallest unit");
        var info = _factory.CreateGauge("bridge_build_info", "1, labelled with the bridge's version and source commit", ["version", "commit"]);
        var (version, commit) = BuildVersion(typeof(BridgeMetrics).Assembly);
        info.WithLabels(version, commit).Set(1);
        foreach (var role in BridgeRoles.All)
        {
            _halted.WithLabels(role.Name()).Set(0);
            _roleActive.WithLabels(role.Name()).Set(0);
            _halts.WithLabels(role.Name());
        }
    }

    /// <summary>Counts <paramref name="count"/> receipt answers of one status and code (<c>bridge_receipts_total{result,code}</c>; a batch's in one update).</summary>
    public void Receipts(int status, string? code, int count) =>
        _receipts.WithLabels(status switch { 202 => "accepted", 200 => "repeated", _ => "refused" }, code ?? "none").Inc(count);

    /// <summary>Counts one registration answer.</summary>
    public void Registration(int status) => _registrations.WithLabels(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    /// <summary>Counts one group commit of the intake.</summary>
    public void IntakeCommit() => _intakeCommits.Inc();

    /// <summary>Counts one batch cut.</summary>
    public void BatchCut() => _batchesCut.Inc();

    /// <summary>Counts one batch posted.</summary>
    public void BatchPosted() => _batchesPosted.Inc();

    /// <summary>Records how long one <c>submit_batch</c> took, from signing to the canister's answer.</summary>
    public void PostDuration(TimeSpan elapsed) => _postDuration.Observe(elapsed.TotalSeconds);

    /// <summary>Counts a halt raised by this instance and shows the role halted until the next scrape reads the store.</summary>
    public void Halted(BridgeRole role)
    {
        _halts.WithLabels(role.Name()).Inc();
        _halted.WithLabels(role.Name()).Set(1);
    }

    /// <summary>Sets <c>bridge_payout_lines{status}</c> for each status the payout worker counted (statuses not given keep their value).</summary>
    public void SetPayoutLines(IReadOnlyDictionary<string, long> countByStatus)
    {
        foreach (var (status, count) in countByStatus) _payoutLines.WithLabels(status).Set(count);
    }

    /// <summary>Counts one ledger error met by the payout worker (<c>BadFee</c>, <c>InsufficientFunds</c>, <c>TemporarilyUnavailable</c>, ...).</summary>
    public void PayoutError(string error) => _payoutErrors.WithLabels(error).Inc();

    /// <summary>Sets the payout account's balance (smallest unit; shown as a float, exact up to 2^53).</summary>
    public void SetPayoutBalance(BigInteger balance) => _payoutBalance.Set((double)balance);

    /// <summary>
    /// Adds one to a counter that has no method of its own; <paramref name="label"/> is Prometheus label text
    /// (<c>kind="x",why="y"</c>) and must name the same labels on every call for one <paramref name="name"/>.
    /// </summary>
    public void Count(string name, string label = "")
    {
        var pairs = ParseLabels(label);
        var counter = _extraCounters.GetOrAdd(name, n => _factory.CreateCounter(n, n, [.. pairs.Select(p => p.Name)]));
        counter.WithLabels([.. pairs.Select(p => p.Value)]).Inc();
    }

    /// <summary>Sets the batch gauges: the last posted sequence and the seconds since it was posted (nulls: none posted).</summary>
    internal void SetLastPosted(long? sequence, double? ageSeconds)
    {
        _lastSequence.Set(sequence ?? 0);
        _batchAge.Set(ageSeconds ?? 0);
    }

    /// <summary>Sets whether <paramref name="role"/> is halted (from the store, at a scrape).</summary>
    internal void SetHalted(BridgeRole role, bool halted) => _halted.WithLabels(role.Name()).Set(halted ? 1 : 0);

    /// <summary>Sets whether this instance runs <paramref name="role"/>.</summary>
    internal void SetRoleActive(BridgeRole role, bool active) => _roleActive.WithLabels(role.Name()).Set(active ? 1 : 0);

    /// <summary>Writes the Prometheus text exposition (format 0.0.4) to <paramref name="stream"/>.</summary>
    public Task WriteAsync(Stream stream, CancellationToken ct) => _registry.CollectAndExportAsTextAsync(stream, ct);

    private static (string Version, string Commit) BuildVersion(Assembly assembly)
    {
        // SourceLink appends "+<commit>" to the informational version.
        string informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informational, "unknown") : (informational[..plus], informational[(plus + 1)..]);
    }

    private static List<(string Name, string Value)> ParseLabels(string label)
    {
        var pairs = new List<(string, string)>();
        foreach (var part in label.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new ArgumentException($"label '{part}' is not name=\"value\"", nameof(label));
            pairs.Add((part[..eq], part[(eq + 1)..].Trim('"')));
        }
        return pairs;
    }
}
