using System.Numerics;

namespace Bridge.Service.Store;

/// <summary>A settled epoch (section 5): its batch range, state, distribution root and total.</summary>
/// <param name="Epoch">The epoch number (the first is 1).</param>
/// <param name="FirstBatch">The first batch it covers.</param>
/// <param name="LastBatch">The last batch it covers (FirstBatch − 1 when empty).</param>
/// <param name="State"><c>settled</c>, <c>posted</c> or <c>paid</c>.</param>
/// <param name="DistributionRoot">The RFC 6962 root over its lines.</param>
/// <param name="TotalPayout">The sum of its lines.</param>
public sealed record StoredEpoch(long Epoch, long FirstBatch, long LastBatch, string State, byte[] DistributionRoot, BigInteger TotalPayout);

/// <summary>One payout line of an epoch (sections 6 and 7), with what the payout worker stored before the first send.</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="Index">Its place in the epoch's order.</param>
/// <param name="Owner">The account's owner (principal bytes).</param>
/// <param name="Subaccount">The account's subaccount, null for the default one.</param>
/// <param name="Amount">The amount paid.</param>
/// <param name="LineHash">line_hash, also the transfer's memo.</param>
/// <param name="CreatedAtTimeNs">The transfer's created_at_time, fixed before the first send.</param>
/// <param name="Fee">The ledger fee stated in the transfer.</param>
/// <param name="Status"><c>pending</c>, <c>paid</c> or <c>held</c>.</param>
/// <param name="BlockIndex">The ledger block that paid it.</param>
/// <param name="Reason">Why it is held.</param>
/// <param name="ReconcileFromBlock">The ledger's log length when the line was stamped (created_at_time and fee): a block
/// that pays it has at least this index, so a reconciliation reads the ledger's blocks from here; null before stamping.</param>
public sealed record StoredLine(long Epoch, long Index, byte[] Owner, byte[]? Subaccount, BigInteger Amount, byte[] LineHash, ulong CreatedAtTimeNs,
    BigInteger Fee, string Status, BigInteger? BlockIndex, string? Reason, BigInteger? ReconcileFromBlock = null);

/// <summary>A receipt of an epoch that earns nothing, with the first reason of section 6 that applies.</summary>
public sealed record IneligibleReceipt(long Epoch, byte[] Provider, string ReceiptId, string Reason);
