using Bridge.Client.Keys;
using Icp.Ledger;

namespace GpuNodeSimulator;

/// <summary>A GPU node: its key (its provider id) and the owner that receives its rewards.</summary>
internal sealed record Node(int Number, BridgeKey Key, BridgeKey Owner)
{
    public string Name => $"node {Number} ({Key.Kind})";
}

/// <summary>A requester: its key (to countersign and to pay fees) and its fee token's ledger, signing as it.</summary>
internal sealed record Requester(int Number, BridgeKey Key, IcrcLedger Ledger)
{
    public string Name => $"requester {Number} ({Key.Kind})";
}
