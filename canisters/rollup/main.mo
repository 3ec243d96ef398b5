/// The bridge's batch registry. The bridge posts one header per batch of receipts (sequence n+1 only,
/// linked by roots); each batch is open to claims for a challenge window and final after it; epochs
/// of final batches carry the root of their reward distribution. Only commitments live here: the
/// receipts stay with the bridge, which hands out inclusion proofs against the certified roots.
///
/// `persistent actor`: with enhanced orthogonal persistence every field below survives upgrades.
import Blob "mo:core/Blob";
import CertifiedData "mo:core/CertifiedData";
import Int "mo:core/Int";
import Map "mo:core/Map";
import Nat64 "mo:core/Nat64";
import Time "mo:core/Time";
import Sha256 "../common/Sha256";
import Claims "Claims";
import Leaf "Leaf";
import Types "Types";

persistent actor class Rollup(init : Types.InitArgs) {
  type BatchHeader = Types.BatchHeader;
  type EpochHeader = Types.EpochHeader;

  /// A batch as stored: the status is derived from the clock, except a rejection.
  type Entry = {
    header : BatchHeader;
    submitted_at_ns : Nat64;
    final_after_ns : Nat64;
    rejection : ?Text;
  };

  let zeroRoot : Blob = "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00";

  var config : Types.Config = init;
  let batches = Map.empty<Nat64, Entry>();
  var lastSequence : Nat64 = 0;
  let epochs = Map.empty<Nat64, EpochHeader>();
  var lastEpoch : Nat64 = 0;

  func now() : Nat64 = Nat64.fromNat(Int.abs(Time.now()));

  func lastRoot() : Blob {
    switch (Map.get(batches, Nat64.compare, lastSequence)) {
      case (?e) e.header.root;
      case null zeroRoot;
    };
  };

  /// certified_data = SHA-256(last sequence, 8 bytes big-endian ‖ last root); before the first batch
  /// that is sequence 0 and 32 zero bytes.
  func certify() {
    let seq = Blob.fromArray([
      Nat64.toNat8(lastSequence >> 56), Nat64.toNat8((lastSequence >> 48) & 0xff),
      Nat64.toNat8((lastSequence >> 40) & 0xff), Nat64.toNat8((lastSequence >> 32) & 0xff),
      Nat64.toNat8((lastSequence >> 24) & 0xff), Nat64.toNat8((lastSequence >> 16) & 0xff),
      Nat64.toNat8((lastSequence >> 8) & 0xff), Nat64.toNat8(lastSequence & 0xff),
    ]);
    CertifiedData.set(Sha256.hashAll([seq, lastRoot()]));
  };

  // The actor body runs on install and again on every upgrade, so this keeps certified_data right
  // after an upgrade too.
  certify();

  func status(e : Entry, at : Nat64) : Types.BatchStatus {
    switch (e.rejection) {
      case (?reason) #Rejected { reason };
      case null if (at >= e.final_after_ns) #Final else #Pending { final_after_ns = e.final_after_ns };
    };
  };

  func record_(e : Entry) : Types.BatchRecord {
    {
      header = e.header;
      submitted_at_ns = e.submitted_at_ns;
      final_after_ns = e.final_after_ns;
      status = status(e, now());
    };
  };

  func validate(h : BatchHeader) : ?Text {
    if (h.root.size() != 32) return ?"root must be 32 bytes";
    if (h.previous_root.size() != 32) return ?"previous_root must be 32 bytes";
    if (h.window_start_ns > h.window_end_ns) return ?"window_start_ns is after window_end_ns";
    if (h.receipt_count == 0) return ?"a batch has at least one receipt";
    null;
  };

  // ----- batches -----

  public shared ({ caller }) func submit_batch(h : BatchHeader) : async Types.SubmitResult {
    if (caller != config.poster) return #Err(#Unauthorized);
    switch (validate(h)) { case (?reason) return #Err(#InvalidHeader { reason }); case null {} };
    // A known sequence: the same header again is the poster retrying after a crash, so it succeeds
    // without effect; any other header for it is a conflict.
    switch (Map.get(batches, Nat64.compare, h.sequence)) {
      case (?e) return if (e.header == h) #Ok(h.sequence) else #Err(#Conflict);
      case null {};
    };
    if (h.sequence != lastSequence + 1) return #Err(#OutOfOrder { expected = lastSequence + 1 });
    let expected = lastRoot();
    if (h.previous_root != expected) return #Err(#PreviousRootMismatch { expected });
    let at = now();
    Map.add(batches, Nat64.compare, h.sequence, { header = h; submitted_at_ns = at; final_after_ns = at + config.challenge_window_ns; rejection = null });
    lastSequence := h.sequence;
    certify();
    #Ok(h.sequence);
  };

  public query func last_batch() : async ?Types.BatchRecord {
    switch (Map.get(batches, Nat64.compare, lastSequence)) { case (?e) ?record_(e); case null null };
  };

  public query func get_batch(sequence : Nat64) : async ?Types.BatchRecord {
    switch (Map.get(batches, Nat64.compare, sequence)) { case (?e) ?record_(e); case null null };
  };

  /// The last batch with the certificate of SHA-256(sequence BE8 ‖ root): a client checks the
  /// certificate (IC signature, this canister's certified_data) and recomputes the hash.
  public query func certified_last_batch() : async Types.CertifiedLastBatch {
    { sequence = lastSequence; root = lastRoot(); certificate = CertifiedData.getCertificate() };
  };

  // ----- claims -----

  func view(sequence : Nat64) : ?Claims.BatchView {
    let at = now();
    switch (Map.get(batches, Nat64.compare, sequence)) {
      case (?e) {
        let rejected = e.rejection != null;
        ?{ root = e.header.root; receipt_count = e.header.receipt_count; rejected; pending = not rejected and at < e.final_after_ns };
      };
      case null null;
    };
  };

  /// Anyone may claim while a batch is pending. A proven claim rejects the batch: nothing of it is paid.
  public shared func submit_claim(claim : Types.Claim) : async Types.ClaimResult {
    switch (Claims.check(claim, view)) {
      case (#err e) #Err e;
      case (#ok { batch; reason }) {
        let ?e = Map.get(batches, Nat64.compare, batch) else return #Err(#UnknownBatch { sequence = batch });
        Map.add(batches, Nat64.compare, batch, { e with rejection = ?reason });
        #Ok { rejected_batch = batch; reason };
      };
    };
  };

  /// Decodes leaf bytes as the canister does in claims: the bridge can check its encoding here.
  public query func decode_receipt_leaf(leaf : Blob) : async ?Types.ReceiptLeaf {
    Leaf.decode(leaf);
  };

  // ----- epochs -----

  public shared ({ caller }) func submit_epoch(h : EpochHeader) : async Types.EpochResult {
    if (caller != config.poster) return #Err(#Unauthorized);
    switch (Map.get(epochs, Nat64.compare, h.epoch)) {
      case (?known) return if (known == h) #Ok else #Err(#Conflict);
      case null {};
    };
    if (h.epoch != lastEpoch + 1) return #Err(#OutOfOrder { expected = lastEpoch + 1 });
    if (h.distribution_root.size() != 32) return #Err(#InvalidEpoch { reason = "distribution_root must be 32 bytes" });
    let expectedFirst = switch (Map.get(epochs, Nat64.compare, lastEpoch)) {
      case (?prev) prev.last_batch + 1;
      case null 1 : Nat64;
    };
    if (h.first_batch != expectedFirst) return #Err(#NotContiguous { expected_first_batch = expectedFirst });
    // An epoch may cover no batch (last_batch = first_batch - 1) but never runs backwards.
    if (h.last_batch + 1 < h.first_batch) return #Err(#InvalidEpoch { reason = "last_batch is before first_batch" });
    let at = now();
    var s = h.first_batch;
    while (s <= h.last_batch) {
      let ?e = Map.get(batches, Nat64.compare, s) else return #Err(#UnknownBatch { sequence = s });
      // Rejected batches stay in the range (it is contiguous) but pay nothing; pending ones wait.
      switch (status(e, at)) {
        case (#Pending _) return #Err(#BatchNotFinal { sequence = s });
        case _ {};
      };
      s += 1;
    };
    Map.add(epochs, Nat64.compare, h.epoch, h);
    lastEpoch := h.epoch;
    #Ok;
  };

  public query func get_epoch(epoch : Nat64) : async ?EpochHeader {
    Map.get(epochs, Nat64.compare, epoch);
  };

  public query func last_epoch() : async ?EpochHeader {
    Map.get(epochs, Nat64.compare, lastEpoch);
  };

  // ----- configuration -----

  public query func get_config() : async Types.Config { config };

  public shared ({ caller }) func update_config(u : Types.ConfigUpdate) : async { #Ok; #Err : Types.ConfigError } {
    if (caller != config.owner) return #Err(#Unauthorized);
    config := {
      poster = switch (u.poster) { case (?p) p; case null config.poster };
      challenge_window_ns = switch (u.challenge_window_ns) { case (?w) w; case null config.challenge_window_ns };
      owner = switch (u.owner) { case (?o) o; case null config.owner };
    };
    #Ok;
  };
};
