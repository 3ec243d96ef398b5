namespace Bridge.Service.Logging;

internal static partial class BridgeLog
{
    [LoggerMessage(40, LogLevel.Information, "epoch {Epoch} settled: batches {First}..{Last}, {Lines} lines, {Ineligible} ineligible receipts, total {Total}")]
    public static partial void EpochSettled(ILogger logger, long epoch, long first, long last, int lines, int ineligible, string total);

    [LoggerMessage(41, LogLevel.Information, "epoch {Epoch} posted ({How})")]
    public static partial void EpochPosted(ILogger logger, long epoch, string how);

    [LoggerMessage(43, LogLevel.Warning, "settling failed, retrying in {Delay}: {Message}")]
    public static partial void SettlingRetry(ILogger logger, TimeSpan delay, string message, Exception exception);

    [LoggerMessage(44, LogLevel.Information, "epoch {Epoch}: resuming the stored request {RequestId}")]
    public static partial void EpochResumed(ILogger logger, long epoch, string requestId);
}
