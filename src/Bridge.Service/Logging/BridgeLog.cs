namespace Bridge.Service.Logging;

/// <summary>The bridge's log messages (source-generated: no allocation when a level is off).</summary>
internal static partial class BridgeLog
{
    [LoggerMessage(1, LogLevel.Information, "store ready: {Provider}, schema version {Version}")]
    public static partial void StoreReady(ILogger logger, string provider, long version);

    [LoggerMessage(2, LogLevel.Error, "the intake could not write {Count} receipts")]
    public static partial void IntakeWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "the intake is full ({Capacity} receipts waiting): answering 429")]
    public static partial void IntakeFull(ILogger logger, int capacity);

    [LoggerMessage(10, LogLevel.Information, "batch {Sequence} cut: {Count} receipts, root {Root}")]
    public static partial void BatchCut(ILogger logger, long sequence, long count, string root);

    [LoggerMessage(11, LogLevel.Information, "batch {Sequence} posted (request {RequestId})")]
    public static partial void BatchPosted(ILogger logger, long sequence, string requestId);

    [LoggerMessage(12, LogLevel.Information, "batch {Sequence} is {State}")]
    public static partial void BatchState(ILogger logger, long sequence, string state);

    [LoggerMessage(13, LogLevel.Critical, "{Role} halted: {Reason}")]
    public static partial void RoleHalted(ILogger logger, string role, string reason);

    [LoggerMessage(16, LogLevel.Warning, "{Role} resumed by {By}")]
    public static partial void RoleResumed(ILogger logger, string role, string by);

    [LoggerMessage(14, LogLevel.Warning, "posting failed, retrying in {Delay}: {Message}")]
    public static partial void PostingRetry(ILogger logger, TimeSpan delay, string message, Exception exception);

    [LoggerMessage(15, LogLevel.Information, "batch {Sequence}: resuming the stored request {RequestId}")]
    public static partial void BatchResumed(ILogger logger, long sequence, string requestId);

    [LoggerMessage(30, LogLevel.Information, "line {Epoch}/{Index} paid in block {Block} ({How})")]
    public static partial void LinePaid(ILogger logger, long epoch, long index, string block, string how);

    [LoggerMessage(31, LogLevel.Warning, "line {Epoch}/{Index} held: {Reason}")]
    public static partial void LineHeld(ILogger logger, long epoch, long index, string reason);

    [LoggerMessage(39, LogLevel.Warning, "line {Epoch}/{Index} released to pending by {By}; it was held: {Reason}")]
    public static partial void LineReleased(ILogger logger, long epoch, long index, string by, string reason);

    [LoggerMessage(33, LogLevel.Warning, "line {Epoch}/{Index}: {What}; the same bytes go again in {Delay}")]
    public static partial void LineRetry(ILogger logger, long epoch, long index, string what, TimeSpan delay);

    [LoggerMessage(34, LogLevel.Information, "line {Epoch}/{Index} stamped: created_at_time {CreatedAtNs}, fee {Fee}, blocks from {From} ({Why})")]
    public static partial void LineStamped(ILogger logger, long epoch, long index, ulong createdAtNs, string fee, string from, string why);

    [LoggerMessage(35, LogLevel.Information, "epoch {Epoch} paid: {Paid} lines paid, {Held} held")]
    public static partial void EpochPaid(ILogger logger, long epoch, int paid, int held);

    [LoggerMessage(36, LogLevel.Warning, "paying failed, retrying in {Delay}: {Message}")]
    public static partial void PayingRetry(ILogger logger, TimeSpan delay, string message, Exception exception);

    [LoggerMessage(37, LogLevel.Warning, "line {Epoch}/{Index}: the ledger refuses created_at_time {CreatedAtNs} ({What}): check this machine's clock against the IC's")]
    public static partial void LineClock(ILogger logger, long epoch, long index, ulong createdAtNs, string what);

    [LoggerMessage(38, LogLevel.Information, "line {Epoch}/{Index}: no block from {From} on pays it ({Why})")]
    public static partial void LineNotFound(ILogger logger, long epoch, long index, string from, string why);

    [LoggerMessage(20, LogLevel.Information, "{What}: {Where}")]
    public static partial void DevReady(ILogger logger, string what, string where);
}
