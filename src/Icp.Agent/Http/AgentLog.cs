using Microsoft.Extensions.Logging;

namespace Icp.Agent.Http;

/// <summary>The agent's log messages (source-generated, no allocation when disabled).</summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Method} {Uri} failed ({What}); retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string method, Uri uri, string what, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Method} {Uri} failed after {Attempts} attempt(s): {What}")]
    public static partial void GivingUp(ILogger logger, string method, Uri uri, int attempts, string what);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Endpoint} v{Version} is not available at {Uri} ({Status}); falling back to v{Fallback}")]
    public static partial void FallingBack(ILogger logger, string endpoint, int version, Uri uri, int status, int fallback);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "call {RequestId}: status {Status}; next poll in {Delay}")]
    public static partial void Polling(ILogger logger, string requestId, string status, TimeSpan delay);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "fetched the root key of the local network {Uri}")]
    public static partial void FetchedRootKey(ILogger logger, Uri uri);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "read the node keys of subnet {Subnet} ({Count} nodes)")]
    public static partial void NodeKeys(ILogger logger, string subnet, int count);
}
