namespace Bridge.Service.Store;

/// <summary>How many rows each kind of record has: what a test compares to see that nothing new was stored.</summary>
public sealed record StoreCounts(long Nodes, long Receipts, long Batches, long Outbox, long Events);
