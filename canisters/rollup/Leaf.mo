/// Receipt leaves: the bytes the bridge hashes into a batch's Merkle tree are the Candid encoding of
/// one `ReceiptLeaf` value (`to_candid` in Motoko, any conforming Candid encoder elsewhere). Candid is
/// the canonical form because both sides already speak it and the canister decodes it natively.
import CandidCheck "../common/CandidCheck";
import Types "Types";

module {
  public type ReceiptLeaf = Types.ReceiptLeaf;
  public type ClaimedLeaf = Types.ClaimedLeaf;

  /// Decodes leaf bytes as a full ReceiptLeaf; null when they are not Candid, or Candid of another
  /// type. A leaf of the older shape (without provider_public_key, requester_public_key and
  /// fee_block) is null here: provider_public_key is a blob, and Candid has no default for a missing
  /// field that is not opt. Claims read such leaves with `decodeClaimed`.
  public func decode(leaf : Blob) : ?ReceiptLeaf {
    // from_candid traps on bytes that are not Candid, which would reject the whole call.
    if (not CandidCheck.isWellFormed(leaf)) return null;
    let r : ?ReceiptLeaf = from_candid (leaf);
    r;
  };

  /// Decodes the fields claims need from a leaf of either shape (today's, or the older one without
  /// the three fields added for checking a leaf alone); null when the bytes are not such a leaf.
  public func decodeClaimed(leaf : Blob) : ?ClaimedLeaf {
    if (not CandidCheck.isWellFormed(leaf)) return null;
    let r : ?ClaimedLeaf = from_candid (leaf);
    r;
  };

  public func encode(receipt : ReceiptLeaf) : Blob = to_candid (receipt);

  /// The bridge deduplicates on (provider, receipt_id); two leaves with the same pair are one receipt.
  public func sameReceipt(a : ClaimedLeaf, b : ClaimedLeaf) : Bool {
    a.provider == b.provider and a.receipt_id == b.receipt_id;
  };

  /// Self-dealing: the requester pays itself, so the fee-based rewards would drain the pool.
  public func isSelfDealing(r : ClaimedLeaf) : Bool {
    r.requester.owner == r.provider or r.requester.owner == r.provider_owner;
  };
};
