/// The bridge's batch registry. The bridge posts one header per batch of receipts (sequence n+1 only,
/// linked by roots); each batch is open to claims for a challenge window and final after it; epochs
/// of final batches carry the root of their reward distribution. Only commitments live here: the
/// receipts stay with the bridge, which hands out inclusion proofs against the certified roots.
/// The rules live in Registry.mo and Claims.mo; this actor adds the caller, the clock and
/// certification.
///
/// `persistent actor`: with enhanced orthogonal persistence the state survives upgrades.
import Blob "mo:core/Blob";
import CertifiedData "mo:core/CertifiedData";
import Int "mo:core/Int";
import Nat64 "mo:core/Nat64";
import Time "mo:core/Time";
import Sha256 "../common/Sha256";
import Leaf "Leaf";
import Registry "Registry";
import Types "Types";

persistent actor class Rollup(init : Types.InitArgs) {
  func now() : Nat64 = Nat64.fromNat(Int.abs(Time.now()));

  // Initialized once, at install; an upgrade's argument is ignored (use update_config).
  let state : Registry.State = Registry.create(init);

  /// certified_data = SHA-256(last sequence, 8 bytes big-endian ‖ last root); before the first batch
  /// that is sequence 0 and 32 zero bytes.
  func certify() {
    let n = state.lastSequence;
    let seq = Blob.fromArray([
      Nat64.toNat8(n >> 56), Nat64.toNat8((n >> 48) & 0xff), Nat64.toNat8((n >> 40) & 0xff), Nat64.toNat8((n >> 32) & 0xff),
      Nat64.toNat8((n >> 24) & 0xff), Nat64.toNat8((n >> 16) & 0xff), Nat64.toNat8((n >> 8) & 0xff), Nat64.toNat8(n & 0xff),
    ]);
    CertifiedData.set(Sha256.hashAll([seq, Registry.lastRoot(state)]));
  };

  // The actor body runs on install and again on every upgrade, so this keeps certified_data right
  // after an upgrade too.
  certify();

  // ----- batches -----

  public shared ({ caller }) func submit_batch(h : Types.BatchHeader) : async Types.SubmitResult {
    let result = Registry.submitBatch(state, caller, h, now());
    certify();
    result;
  };

  public query func last_batch() : async ?Types.BatchRecord {
    Registry.getBatch(state, state.lastSequence, now());
  };

  public query func get_batch(sequence : Nat64) : async ?Types.BatchRecord {
    Registry.getBatch(state, sequence, now());
  };

  /// The last batch with the certificate of SHA-256(sequence BE8 ‖ root): a client checks the
  /// certificate (IC signature, this canister's certified_data) and recomputes the hash.
  public query func certified_last_batch() : async Types.CertifiedLastBatch {
    { sequence = state.lastSequence; root = Registry.lastRoot(state); certificate = CertifiedData.getCertificate() };
  };

  // ----- claims -----

  public shared func submit_claim(claim : Types.Claim) : async Types.ClaimResult {
    Registry.submitClaim(state, claim, now());
  };

  /// Decodes leaf bytes as a full ReceiptLeaf, so the bridge can check its encoding here; null for
  /// bytes that are not Candid, Candid of another type, or a leaf of the older shape without
  /// provider_public_key (claims still read those: Leaf.decodeClaimed).
  public query func decode_receipt_leaf(leaf : Blob) : async ?Types.ReceiptLeaf {
    Leaf.decode(leaf);
  };

  // ----- epochs -----

  public shared ({ caller }) func submit_epoch(h : Types.EpochHeader) : async Types.EpochResult {
    Registry.submitEpoch(state, caller, h, now());
  };

  public query func get_epoch(epoch : Nat64) : async ?Types.EpochHeader {
    Registry.getEpoch(state, epoch);
  };

  public query func last_epoch() : async ?Types.EpochHeader {
    Registry.getEpoch(state, state.lastEpoch);
  };

  // ----- configuration -----

  public query func get_config() : async Types.Config { state.config };

  public shared ({ caller }) func update_config(u : Types.ConfigUpdate) : async { #Ok; #Err : Types.ConfigError } {
    Registry.updateConfig(state, caller, u);
  };
};
