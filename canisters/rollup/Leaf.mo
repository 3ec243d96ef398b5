/// Receipt leaves: the bytes the bridge hashes into a batch's Merkle tree are the Candid encoding of
/// one `ReceiptLeaf` value (`to_candid` in Motoko, any conforming Candid encoder elsewhere). Candid is
/// the canonical form because both sides already speak it and the canister decodes it natively.
import Types "Types";

module {
  public type ReceiptLeaf = Types.ReceiptLeaf;

  /// Decodes leaf bytes; null when they are Candid of another type. (Bytes that are not Candid at
  /// all make the Motoko deserializer trap, which rejects the whole call.)
  public func decode(leaf : Blob) : ?ReceiptLeaf {
    let r : ?ReceiptLeaf = from_candid (leaf);
    r;
  };

  public func encode(receipt : ReceiptLeaf) : Blob = to_candid (receipt);

  /// The bridge deduplicates on (provider, receipt_id); two leaves with the same pair are one receipt.
  public func sameReceipt(a : ReceiptLeaf, b : ReceiptLeaf) : Bool {
    a.provider == b.provider and a.receipt_id == b.receipt_id;
  };

  /// Self-dealing: the requester pays itself, so the fee-based rewards would drain the pool.
  public func isSelfDealing(r : ReceiptLeaf) : Bool {
    r.requester.owner == r.provider or r.requester.owner == r.provider_owner;
  };
};
