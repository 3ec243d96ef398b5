using System.Numerics;
using Icp.Candid;

namespace Bridge.Client.Models;

/// <summary>An epoch's rewards (section 7, <c>GET /v1/epochs/{e}</c>).</summary>
/// <param name="Epoch">e (the first is 1).</param>
/// <param name="State"><c>open</c>, <c>settled</c>, <c>posted</c> or <c>paid</c>.</param>
/// <param name="FirstBatch">The first batch it covers, once known.</param>
/// <param name="LastBatch">The last batch it covers (first − 1 when empty), once known.</param>
/// <param name="DistributionRoot">The root over its lines, once settled.</param>
/// <param name="TotalPayout">The sum of its lines, once settled.</param>
/// <param name="Token">The reward ledger, once settled.</param>
/// <param name="Lines">Its payout lines, in order.</param>
/// <param name="Ineligible">The receipts that earn nothing, with the reason.</param>
public sealed record BridgeEpoch(
    ulong Epoch, string State, ulong? FirstBatch, ulong? LastBatch, byte[]? DistributionRoot, BigInteger? TotalPayout, Principal? Token,
    IReadOnlyList<RewardLine> Lines, IReadOnlyList<IneligibleReceipt> Ineligible);

/// <summary>One payout line: an account's reward of an epoch.</summary>
/// <param name="Epoch">The epoch (given by <c>/v1/accounts/{account}/rewards</c>; that of the enclosing epoch otherwise).</param>
/// <param name="Owner">The account's owner.</param>
/// <param name="Subaccount">The account's subaccount, null for the default.</param>
/// <param name="Amount">The amount, in the reward token's smallest unit.</param>
/// <param name="LineHash">line_hash: also the transfer's memo.</param>
/// <param name="Status"><c>pending</c>, <c>paid</c> or <c>held</c>.</param>
/// <param name="BlockIndex">The ledger block that paid it.</param>
/// <param name="Reason">Why it is held.</param>
public sealed record RewardLine(
    ulong? Epoch, Principal Owner, byte[]? Subaccount, BigInteger Amount, byte[] LineHash, string Status, ulong? BlockIndex, string? Reason);

/// <summary>A receipt of an epoch that earns nothing, with the first reason of section 6 that applies.</summary>
/// <param name="Provider">The receipt's provider.</param>
/// <param name="ReceiptId">Its receipt_id.</param>
/// <param name="Reason"><c>batch_rejected</c>, <c>not_countersigned</c>, <c>token_not_rewarded</c>, <c>fee_rounds_to_zero</c>, <c>no_fee_block</c> or <c>fee_not_paid</c>.</param>
public sealed record IneligibleReceipt(Principal Provider, string ReceiptId, string Reason);
