using System.Threading.Channels;
using Bridge.Core.Receipts;
using Bridge.Service.Configuration;
using Bridge.Service.Store;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Intake;

/// <summary>
/// The bounded intake: accepted receipts wait here for the writer, which commits many per transaction (a group
/// commit). When it is full the API answers 429 at once instead of queueing without bound.
/// </summary>
public sealed class IntakeQueue
{
    private readonly Channel<PendingReceipt> _channel;

    /// <summary>A queue of <c>Intake:QueueCapacity</c> receipts.</summary>
    public IntakeQueue(IOptions<IntakeOptions> options)
    {
        Capacity = options.Value.QueueCapacity;
        _channel = Channel.CreateBounded<PendingReceipt>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The most receipts that wait at once.</summary>
    public int Capacity { get; }

    /// <summary>How many receipts wait now.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Queues a receipt for the writer; null when the queue is full (answer 429).</summary>
    public Task<IntakeWrite>? TryEnqueue(Receipt receipt, byte[] receiptHash)
    {
        var pending = new PendingReceipt(receipt, receiptHash, new TaskCompletionSource<IntakeWrite>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _channel.Writer.TryWrite(pending) ? pending.Done.Task : null;
    }

    internal ChannelReader<PendingReceipt> Reader => _channel.Reader;

    internal void Complete() => _channel.Writer.TryComplete();
}

/// <summary>A receipt waiting for the writer, and where its outcome goes.</summary>
internal sealed record PendingReceipt(Receipt Receipt, byte[] ReceiptHash, TaskCompletionSource<IntakeWrite> Done);

/// <summary>What the writer did with one receipt.</summary>
/// <param name="Stored">The stored row: this receipt (when <paramref name="Created"/>) or the one the provider already had under its receipt_id.</param>
/// <param name="Created">Whether this write stored it.</param>
public sealed record IntakeWrite(StoredReceipt Stored, bool Created);
