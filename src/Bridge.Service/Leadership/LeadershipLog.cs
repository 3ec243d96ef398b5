namespace Bridge.Service.Leadership;

/// <summary>The log messages of the active role's lease.</summary>
internal static partial class LeadershipLog
{
    [LoggerMessage(40, LogLevel.Information, "{Holder} holds the active role (fencing token {Token})")]
    public static partial void Acquired(ILogger logger, string holder, long token);

    [LoggerMessage(41, LogLevel.Warning, "{Holder} lost the active role (fencing token {Token}): {Why}")]
    public static partial void Lost(ILogger logger, string holder, long token, string why);

    [LoggerMessage(42, LogLevel.Warning, "the lease could not be renewed: {Message}")]
    public static partial void RenewFailed(ILogger logger, string message, Exception exception);

    [LoggerMessage(43, LogLevel.Information, "{Worker} starts: this instance holds the active role")]
    public static partial void WorkerStarting(ILogger logger, string worker);

    [LoggerMessage(44, LogLevel.Information, "{Worker} stopped: this instance no longer holds the active role")]
    public static partial void WorkerStopped(ILogger logger, string worker);
}
