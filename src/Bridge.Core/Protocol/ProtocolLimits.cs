namespace Bridge.Core.Protocol;

/// <summary>The size limits of section 1 and 3 of the bridge protocol.</summary>
public static class ProtocolLimits
{
    /// <summary>The largest body of <c>POST /v1/receipts</c> and <c>POST /v1/nodes</c>: 64 KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The largest body of <c>POST /v1/receipts/batch</c>: 4 MiB.</summary>
    public const int MaxBatchBodyBytes = 4 * 1024 * 1024;

    /// <summary>The most receipts in one <c>POST /v1/receipts/batch</c>.</summary>
    public const int MaxBatchItems = 1000;

    /// <summary>The longest <c>network_id</c>, in UTF-8 bytes.</summary>
    public const int MaxNetworkIdBytes = 64;

    /// <summary>The longest <c>receipt_id</c>, <c>task_id</c> or <c>gpu_model</c>, in UTF-8 bytes.</summary>
    public const int MaxIdBytes = 128;

    /// <summary>The longest <c>workload</c>, in UTF-8 bytes.</summary>
    public const int MaxWorkloadBytes = 256;

    /// <summary>The largest integer a JSON number may carry: 2^53 − 1.</summary>
    public const ulong MaxJsonNumber = (1UL << 53) - 1;
}
