using Bridge.Service.Configuration;
using Bridge.Service.Http;
using Bridge.Service.Logging;
using Bridge.Service.Store;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Intake;

/// <summary>
/// The one writer of receipts: takes whatever waits in the <see cref="IntakeQueue"/> (up to
/// <c>Intake:MaxReceiptsPerCommit</c>), stores it in one transaction with one acknowledgement time, and only then
/// completes each waiting request (durable before 202). A store failure fails that group with
/// <see cref="StoreUnavailableException"/> (503) and the writer goes on with the next.
/// </summary>
internal sealed class IntakeWriter(IntakeQueue queue, IBridgeStore store, TimeProvider time, IOptions<IntakeOptions> options,
    BridgeMetrics metrics, ILogger<IntakeWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int max = options.Value.MaxReceiptsPerCommit;
        var group = new List<PendingReceipt>(Math.Min(max, 1024));
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                while (group.Count < max && queue.Reader.TryRead(out var next)) group.Add(next);
                if (group.Count > 0) await CommitAsync(group, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Whatever still waits was never stored: its requests get 503 rather than hanging.
        while (queue.Reader.TryRead(out var left)) left.Done.TrySetException(new StoreUnavailableException("the bridge is stopping"));
    }

    private async Task CommitAsync(List<PendingReceipt> group, CancellationToken ct)
    {
        ulong ackedNs = JsonNat.Nanos(time.GetUtcNow());
        try
        {
            var rows = group.Select(p => new StoredReceipt(0, p.Receipt, p.ReceiptHash, ackedNs)).ToList();
            var results = await store.AddReceiptsAsync(rows, ct);
            for (int i = 0; i < group.Count; i++) group[i].Done.TrySetResult(new IntakeWrite(results[i].Stored, results[i].Created));
            metrics.IntakeCommit();
        }
        catch (Exception e)
        {
            BridgeLog.IntakeWriteFailed(logger, group.Count, e);
            var failure = e as StoreUnavailableException ?? new StoreUnavailableException("the store could not be written", e);
            foreach (var p in group) p.Done.TrySetException(failure);
        }
    }
}
