using System.Globalization;
using System.Numerics;
using Bridge.Core.Payouts;
using Bridge.Core.Rewards;
using Bridge.Service.Configuration;
using Bridge.Service.Http;
using Bridge.Service.Ic;
using Bridge.Service.Logging;
using Bridge.Service.Roles;
using Bridge.Service.Store;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Icrc1;
using Account = Icp.Ledger.Account;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Payouts;

/// <summary>
/// The payout worker (section 7, DESIGN.md step 7): pays the lines of posted epochs, in epoch order, each exactly once,
/// with <see cref="PayoutPlan.Transfer"/>. Before a line's first send it stamps the line in the store (created_at_time =
/// now, fee = the ledger's fee, and the ledger's log length, where a reconciliation starts), so every retry sends the
/// same bytes and the ledger answers <c>Duplicate</c> for a transfer it already made. An unknown outcome (a lost reply,
/// a timeout, a reject, the ledger down) is sent again with the same bytes until created_at_time + window − margin;
/// then, and before any re-stamp (<c>BadFee</c>, <c>TooOld</c>), the ledger's ICRC-3 blocks are searched for the line's
/// payment. Other answers: <c>InsufficientFunds</c> and anything no rule covers halt paying (see <see cref="RoleHalts"/>),
/// <c>TemporarilyUnavailable</c> and <c>CreatedInFuture</c> wait and send the same bytes, <c>GenericError</c> holds the line.
/// An epoch becomes <c>paid</c> when none of its lines is pending. All state is in the store: a restart resumes.
/// </summary>
public sealed class PayoutWorker(IBridgeStore store, BridgeIc ic, [FromKeyedServices(PayoutWorker.TransportKey)] ICanisterTransport transport,
    RoleHalts halts, BridgeMetrics metrics, TimeProvider time, IOptions<PayoutOptions> options, ILogger<PayoutWorker> logger) : BackgroundService
{
    /// <summary>
    /// The service key of the <see cref="ICanisterTransport"/> the worker sends through: the payout account's agent by
    /// default; tests register a decorator under this key to inject faults.
    /// </summary>
    public const string TransportKey = "payout";

    private bool _halted;
    internal const string Pending = "pending";
    internal const string Paid = "paid";
    internal const string Held = "held";
    internal const string Posted = "posted";

    // In memory only: when a line may be sent again. Lost on restart, which then sends at once (the same bytes: safe).
    private readonly Dictionary<(long Epoch, long Index), (TimeSpan Delay, DateTimeOffset NotBefore)> _retries = [];
    private PayoutLedger? _ledger;

    private PayoutOptions Options => options.Value;

    private PayoutLedger Ledger => _ledger ??= new PayoutLedger(transport, ic.RewardLedgerId, Account.Of(ic.PayoutAgent.Sender));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!Options.Enabled) return;
        _retries.Clear();
        await WorkerRounds.RunAsync(RunOnceAsync, Options.PollInterval, TimeSpan.FromTicks(Math.Max(Options.MaxRetryDelay.Ticks, Options.PollInterval.Ticks)),
            (delay, e) => BridgeLog.PayingRetry(logger, delay, e.Message, e), time, stoppingToken);
    }

    /// <summary>
    /// One round: one step for each pending line of the first epoch not yet paid, if it is posted; then the next epoch.
    /// The store says which epoch is first (not a counter in memory): an operator's release of a held line (see
    /// <see cref="IBridgeStore.ReleaseHeldLineAsync"/>) turns a paid epoch back to posted, on whichever instance.
    /// </summary>
    internal async Task RunOnceAsync(CancellationToken ct)
    {
        _halted = await halts.IsHaltedAsync(BridgeRole.Paying, ct);
        if (_halted) return;
        await ReadBalanceAsync(ct);
        // Nothing of an epoch is paid before its distribution root is on the canister, nor of a later one before it is paid.
        while (await store.GetFirstUnpaidEpochAsync(ct) is { State: Posted } epoch)
            if (!await PayEpochAsync(epoch.Epoch, ct)) return;
    }

    private async Task<bool> PayEpochAsync(long epoch, CancellationToken ct)
    {
        foreach (var line in await store.GetLinesAsync(epoch, ct))
        {
            if (_halted) return false;
            if (line.Status != Pending) continue;
            if (_retries.TryGetValue(KeyOf(line), out var retry) && time.GetUtcNow() < retry.NotBefore) continue;
            await PayLineAsync(line, ct);
        }
        if (_halted) return false;
        var lines = await store.GetLinesAsync(epoch, ct);
        if (lines.Any(l => l.Status == Pending)) return false;
        // False when a line was released since the read above: the next round pays it.
        if (!await store.UpdateEpochStateAsync(epoch, Paid, ct)) return false;
        BridgeLog.EpochPaid(logger, epoch, lines.Count(l => l.Status == Paid), lines.Count(l => l.Status == Held));
        return true;
    }

    /// <summary>One step for a pending line: stamp it if it is not, then send its transfer (or reconcile), and apply the rule of the answer.</summary>
    internal async Task PayLineAsync(StoredLine line, CancellationToken ct)
    {
        if (line.CreatedAtTimeNs == 0) line = await StampAsync(line, null, "first send", ct);
        UInt128 now = NowNs, created = line.CreatedAtTimeNs, window = Nanos(Options.DedupWindow), margin = Nanos(Options.WindowMargin);
        if (now + margin >= created + window)
        {
            // These bytes are not sent again: a send could reach the ledger after its window, where it no longer deduplicates.
            if (await ReconcileAsync(line, "near the end of the deduplication window", ct)) return;
            if (now < created + window + margin)
            {
                // A send still in flight could execute until the ledger refuses these bytes as too old: wait for that.
                var notBefore = TimeFromNs(created + window + margin);
                _retries[KeyOf(line)] = (Options.RetryDelay, notBefore);
                return;
            }
            line = await StampAsync(line, null, "the window has passed and no block pays it", ct);
        }

        Icrc1TransferResult result;
        try
        {
            result = await Ledger.TransferAsync(PayoutPlan.Transfer(RewardLineOf(line), line.CreatedAtTimeNs, line.Fee), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (CandidDecodeException e)
        {
            await HaltAsync($"line {line.Epoch}/{line.Index}: the ledger's answer to icrc1_transfer cannot be read ({e.Message})", ct);
            return;
        }
        catch (Exception e)
        {
            // A lost reply, a timeout, a reject, the ledger stopped: the transfer may or may not have executed.
            metrics.PayoutError("OutcomeUnknown");
            RetryLater(line, "outcome unknown (" + e.GetType().Name + ": " + e.Message + ")");
            return;
        }

        if (result is Icrc1TransferResult.Err { Value: var refused } && refused is not TransferError.Duplicate)
            metrics.PayoutError(refused.GetType().Name);
        switch (result)
        {
            case Icrc1TransferResult.Ok ok:
                await MarkPaidAsync(line, ok.Value, "ok", ct);
                break;
            case Icrc1TransferResult.Err { Value: TransferError.Duplicate d }:
                await MarkPaidAsync(line, d.Value.DuplicateOf, "duplicate", ct);
                break;
            case Icrc1TransferResult.Err { Value: TransferError.BadFee b }:
                // Ledgers may check the fee before deduplicating, so an earlier send of these bytes may have executed.
                if (await ReconcileAsync(line, "BadFee", ct)) return;
                await StampAsync(line, b.Value.ExpectedFee, $"BadFee: the ledger expects {b.Value.ExpectedFee}", ct);
                _retries.Remove(KeyOf(line));
                break;
            case Icrc1TransferResult.Err { Value: TransferError.TooOld }:
                BridgeLog.LineClock(logger, line.Epoch, line.Index, line.CreatedAtTimeNs, "TooOld");
                if (await ReconcileAsync(line, "TooOld", ct)) return;
                line = await StampAsync(line, null, "TooOld", ct);
                RetryLater(line, "TooOld, stamped again");
                break;
            case Icrc1TransferResult.Err { Value: TransferError.CreatedInFuture f }:
                BridgeLog.LineClock(logger, line.Epoch, line.Index, line.CreatedAtTimeNs, $"CreatedInFuture, ledger time {f.Value.LedgerTime}");
                RetryLater(line, "CreatedInFuture");
                break;
            case Icrc1TransferResult.Err { Value: TransferError.TemporarilyUnavailable }:
                RetryLater(line, "TemporarilyUnavailable");
                break;
            case Icrc1TransferResult.Err { Value: TransferError.InsufficientFunds f }:
                await HaltAsync($"line {line.Epoch}/{line.Index}: InsufficientFunds: the payout account {Ledger.PayoutAccount} holds {f.Value.Balance}, " +
                    $"the line needs {line.Amount} + fee {line.Fee}", ct);
                break;
            case Icrc1TransferResult.Err { Value: TransferError.GenericError g }:
                await HoldAsync(line, $"GenericError {g.Value.ErrorCode}: {g.Value.Message}", ct);
                break;
            case Icrc1TransferResult.Err { Value: var error }:
                await HaltAsync($"line {line.Epoch}/{line.Index}: the ledger answered {error}, which no payout rule covers", ct);
                break;
            default:
                await HaltAsync($"line {line.Epoch}/{line.Index}: the ledger answered {result}, which no payout rule covers", ct);
                break;
        }
    }

    /// <summary>
    /// Fixes the line's transfer before it is sent: created_at_time = now, the fee (<paramref name="fee"/>, else the
    /// ledger's current one) and the log length, from which a reconciliation reads the blocks. Stored before any send.
    /// </summary>
    private async Task<StoredLine> StampAsync(StoredLine line, Nat? fee, string why, CancellationToken ct)
    {
        Nat from = await Ledger.LogLengthAsync(ct);
        Nat stampedFee = fee ?? await Ledger.FeeAsync(ct);
        var stamped = line with
        {
            CreatedAtTimeNs = (ulong)NowNs, Fee = (BigInteger)stampedFee, ReconcileFromBlock = (BigInteger)from,
            Status = Pending, BlockIndex = null, Reason = null,
        };
        await store.UpdateLineAsync(stamped, ct);
        BridgeLog.LineStamped(logger, line.Epoch, line.Index, stamped.CreatedAtTimeNs, stamped.Fee.ToString(CultureInfo.InvariantCulture),
            from.ToString(), why);
        return stamped;
    }

    /// <summary>Searches the ledger's blocks from the line's stamp on for its payment; marks it paid when found.</summary>
    private async Task<bool> ReconcileAsync(StoredLine line, string why, CancellationToken ct)
    {
        var from = line.ReconcileFromBlock ?? BigInteger.Zero;
        if (await Ledger.FindPaymentAsync(RewardLineOf(line), new Nat(from), ct) is { } block)
        {
            await MarkPaidAsync(line, block, "reconciled: " + why, ct);
            return true;
        }
        BridgeLog.LineNotFound(logger, line.Epoch, line.Index, from.ToString(CultureInfo.InvariantCulture), why);
        return false;
    }

    private async Task MarkPaidAsync(StoredLine line, Nat block, string how, CancellationToken ct)
    {
        await store.UpdateLineAsync(line with { Status = Paid, BlockIndex = (BigInteger)block, Reason = null }, ct);
        _retries.Remove(KeyOf(line));
        BridgeLog.LinePaid(logger, line.Epoch, line.Index, block.ToString(), how);
    }

    private async Task HoldAsync(StoredLine line, string reason, CancellationToken ct)
    {
        await store.UpdateLineAsync(line with { Status = Held, Reason = reason }, ct);
        _retries.Remove(KeyOf(line));
        BridgeLog.LineHeld(logger, line.Epoch, line.Index, reason);
    }

    /// <summary>Reads the payout account's balance into <c>bridge_payout_account_balance</c>; a ledger that does not answer leaves the last value.</summary>
    private async Task ReadBalanceAsync(CancellationToken ct)
    {
        try
        {
            metrics.SetPayoutBalance((System.Numerics.BigInteger)await Ledger.BalanceAsync(ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            BridgeLog.PayingRetry(logger, TimeSpan.Zero, "balance: " + e.Message, e);
        }
    }

    /// <summary>Halts paying for every instance (<see cref="RoleHalts"/>): shown on <c>/ready</c> until an operator resumes it.</summary>
    private async Task HaltAsync(string reason, CancellationToken ct)
    {
        _halted = true;
        await halts.HaltAsync(BridgeRole.Paying, reason, ct);
    }

    private void RetryLater(StoredLine line, string what)
    {
        var delay = _retries.TryGetValue(KeyOf(line), out var previous)
            ? TimeSpan.FromTicks(Math.Min(previous.Delay.Ticks * 2, Options.MaxRetryDelay.Ticks))
            : Options.RetryDelay;
        _retries[KeyOf(line)] = (delay, time.GetUtcNow() + delay);
        BridgeLog.LineRetry(logger, line.Epoch, line.Index, what, delay);
    }

    private static (long, long) KeyOf(StoredLine line) => (line.Epoch, line.Index);

    private static RewardLine RewardLineOf(StoredLine line) => new(Principal.FromBytes(line.Owner), line.Subaccount, line.Amount, line.LineHash);

    private ulong NowNs => JsonNat.Nanos(time.GetUtcNow());

    private static ulong Nanos(TimeSpan span) => (ulong)span.Ticks * 100;

    private static DateTimeOffset TimeFromNs(UInt128 ns) => DateTimeOffset.UnixEpoch.AddTicks((long)(ns / 100));
}
