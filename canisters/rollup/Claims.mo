/// Checking a claim against the accepted batches: pure logic (no actor state), so the tests can run
/// it directly. The canister applies the outcome.
import Nat64 "mo:core/Nat64";
import Result "mo:core/Result";
import Merkle "../common/Merkle";
import Leaf "Leaf";
import Types "Types";

module {
  /// What a claim needs to know of a batch.
  public type BatchView = {
    root : Blob;
    receipt_count : Nat64;
    /// Still inside the challenge window and not rejected.
    pending : Bool;
    rejected : Bool;
  };

  public type Verdict = { batch : Nat64; reason : Text };

  func prove(ref : Types.ReceiptInBatch, lookup : Nat64 -> ?BatchView) : Result.Result<(BatchView, Types.ClaimedLeaf), Types.ClaimError> {
    let ?b = lookup(ref.batch) else return #err(#UnknownBatch { sequence = ref.batch });
    // The tree size comes from the header, never from the claimant: a path for leaf 0 of a 3-leaf tree
    // also climbs a 4-leaf tree, so a claimant-chosen size would prove nothing.
    if (not Merkle.verifyInclusion(ref.proof.leaf, Nat64.toNat(ref.proof.leaf_index), Nat64.toNat(b.receipt_count), ref.proof.path, b.root)) {
      return #err(#InvalidProof);
    };
    let ?receipt = Leaf.decodeClaimed(ref.proof.leaf) else return #err(#MalformedLeaf);
    #ok((b, receipt));
  };

  func where_(ref : Types.ReceiptInBatch) : Text {
    "batch " # Nat64.toText(ref.batch) # " leaf " # Nat64.toText(ref.proof.leaf_index);
  };

  /// The batch a valid claim rejects, with the reason to record; or why the claim fails.
  public func check(claim : Types.Claim, lookup : Nat64 -> ?BatchView) : Result.Result<Verdict, Types.ClaimError> {
    switch claim {
      case (#SelfDealing(ref)) {
        let (b, receipt) = switch (prove(ref, lookup)) { case (#ok v) v; case (#err e) return #err e };
        if (not Leaf.isSelfDealing(receipt)) return #err(#NotAViolation { reason = "requester is neither the provider nor its owner" });
        if (not b.pending) return #err(#NotPending { sequence = ref.batch });
        #ok { batch = ref.batch; reason = "SelfDealing: receipt " # receipt.receipt_id # " at " # where_(ref) };
      };
      case (#DuplicateReceipt { first; second }) {
        if (first.batch == second.batch and first.proof.leaf_index == second.proof.leaf_index) {
          return #err(#NotAViolation { reason = "both proofs are for the same leaf" });
        };
        let (b1, r1) = switch (prove(first, lookup)) { case (#ok v) v; case (#err e) return #err e };
        let (b2, r2) = switch (prove(second, lookup)) { case (#ok v) v; case (#err e) return #err e };
        if (not Leaf.sameReceipt(r1, r2)) return #err(#NotAViolation { reason = "the leaves are different receipts" });
        // The later batch is the one that repeats the receipt; it is rejected. A receipt already in a
        // rejected batch is paid nowhere, so repeating it later is no double payment.
        let (laterSeq, later, earlier) = if (first.batch >= second.batch) (first.batch, b1, b2) else (second.batch, b2, b1);
        if (earlier.rejected) return #err(#NotAViolation { reason = "the other batch is already rejected" });
        if (not later.pending) return #err(#NotPending { sequence = laterSeq });
        #ok {
          batch = laterSeq;
          reason = "DuplicateReceipt: receipt " # r1.receipt_id # " at " # where_(first) # " and " # where_(second);
        };
      };
    };
  };
};
