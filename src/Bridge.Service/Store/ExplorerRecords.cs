using System.Numerics;
using Bridge.Core.Nodes;

namespace Bridge.Service.Store;

/// <summary>A node as the explorer shows it.</summary>
/// <param name="Node">Its registration.</param>
/// <param name="RegisteredNs">When it registered (ns since the Unix epoch).</param>
/// <param name="Receipts">How many of its receipts are stored.</param>
/// <param name="BatchedReceipts">How many of those are in a batch.</param>
public sealed record NodeSummary(RegisteredNode Node, ulong RegisteredNs, long Receipts, long BatchedReceipts);

/// <summary>A batch holding some of a node's receipts, and how many.</summary>
public sealed record NodeBatchShare(long Sequence, long Receipts);

/// <summary>An epoch's lines of one status: how many, and their sum.</summary>
public sealed record LineTotal(string Status, long Lines, BigInteger Amount);

/// <summary>How many receipts are ineligible for one reason.</summary>
public sealed record ReasonCount(string Reason, long Receipts);
