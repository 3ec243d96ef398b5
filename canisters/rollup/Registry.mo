/// The rollup's state and rules, apart from the actor so the tests can run them with any caller and
/// clock. The actor (main.mo) supplies both and certifies the last batch after each change.
import Map "mo:core/Map";
import Nat64 "mo:core/Nat64";
import Claims "Claims";
import Types "Types";

module {
  type BatchHeader = Types.BatchHeader;
  type EpochHeader = Types.EpochHeader;

  /// A batch as stored: the status is derived from the clock, except a rejection.
  public type Entry = {
    header : BatchHeader;
    submitted_at_ns : Nat64;
    final_after_ns : Nat64;
    rejection : ?Text;
  };

  /// Only data, so it is stable under enhanced orthogonal persistence.
  public type State = {
    var config : Types.Config;
    batches : Map.Map<Nat64, Entry>;
    var lastSequence : Nat64;
    epochs : Map.Map<Nat64, EpochHeader>;
    var lastEpoch : Nat64;
  };

  public let zeroRoot : Blob = "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00";

  public func create(config : Types.Config) : State {
    { var config; batches = Map.empty(); var lastSequence = 0; epochs = Map.empty(); var lastEpoch = 0 };
  };

  public func lastRoot(s : State) : Blob {
    switch (Map.get(s.batches, Nat64.compare, s.lastSequence)) { case (?e) e.header.root; case null zeroRoot };
  };

  func status(e : Entry, at : Nat64) : Types.BatchStatus {
    switch (e.rejection) {
      case (?reason) #Rejected { reason };
      case null if (at >= e.final_after_ns) #Final else #Pending { final_after_ns = e.final_after_ns };
    };
  };

  public func getBatch(s : State, sequence : Nat64, at : Nat64) : ?Types.BatchRecord {
    switch (Map.get(s.batches, Nat64.compare, sequence)) {
      case (?e) ?{ header = e.header; submitted_at_ns = e.submitted_at_ns; final_after_ns = e.final_after_ns; status = status(e, at) };
      case null null;
    };
  };

  func validate(h : BatchHeader) : ?Text {
    if (h.root.size() != 32) return ?"root must be 32 bytes";
    if (h.previous_root.size() != 32) return ?"previous_root must be 32 bytes";
    if (h.window_start_ns > h.window_end_ns) return ?"window_start_ns is after window_end_ns";
    if (h.receipt_count == 0) return ?"a batch has at least one receipt";
    null;
  };

  public func submitBatch(s : State, caller : Principal, h : BatchHeader, at : Nat64) : Types.SubmitResult {
    if (caller != s.config.poster) return #Err(#Unauthorized);
    switch (validate(h)) { case (?reason) return #Err(#InvalidHeader { reason }); case null {} };
    // A known sequence: the same header again is the poster retrying after a crash, so it succeeds
    // without effect; any other header for it is a conflict.
    switch (Map.get(s.batches, Nat64.compare, h.sequence)) {
      case (?e) return if (e.header == h) #Ok(h.sequence) else #Err(#Conflict);
      case null {};
    };
    if (h.sequence != s.lastSequence + 1) return #Err(#OutOfOrder { expected = s.lastSequence + 1 });
    let expected = lastRoot(s);
    if (h.previous_root != expected) return #Err(#PreviousRootMismatch { expected });
    // The window in force at submission fixes the batch's finality; a later change does not move it.
    Map.add(s.batches, Nat64.compare, h.sequence, { header = h; submitted_at_ns = at; final_after_ns = at + s.config.challenge_window_ns; rejection = null });
    s.lastSequence := h.sequence;
    #Ok(h.sequence);
  };

  /// Anyone may claim while a batch is pending. A proven claim rejects the batch: nothing of it is paid.
  public func submitClaim(s : State, claim : Types.Claim, at : Nat64) : Types.ClaimResult {
    let view = func(sequence : Nat64) : ?Claims.BatchView {
      switch (Map.get(s.batches, Nat64.compare, sequence)) {
        case (?e) {
          let rejected = e.rejection != null;
          ?{ root = e.header.root; receipt_count = e.header.receipt_count; rejected; pending = not rejected and at < e.final_after_ns };
        };
        case null null;
      };
    };
    switch (Claims.check(claim, view)) {
      case (#err e) #Err e;
      case (#ok { batch; reason }) {
        let ?e = Map.get(s.batches, Nat64.compare, batch) else return #Err(#UnknownBatch { sequence = batch });
        Map.add(s.batches, Nat64.compare, batch, { e with rejection = ?reason });
        #Ok { rejected_batch = batch; reason };
      };
    };
  };

  public func submitEpoch(s : State, caller : Principal, h : EpochHeader, at : Nat64) : Types.EpochResult {
    if (caller != s.config.poster) return #Err(#Unauthorized);
    switch (Map.get(s.epochs, Nat64.compare, h.epoch)) {
      case (?known) return if (known == h) #Ok else #Err(#Conflict);
      case null {};
    };
    if (h.epoch != s.lastEpoch + 1) return #Err(#OutOfOrder { expected = s.lastEpoch + 1 });
    if (h.distribution_root.size() != 32) return #Err(#InvalidEpoch { reason = "distribution_root must be 32 bytes" });
    let expectedFirst : Nat64 = switch (Map.get(s.epochs, Nat64.compare, s.lastEpoch)) {
      case (?prev) prev.last_batch + 1;
      case null 1;
    };
    if (h.first_batch != expectedFirst) return #Err(#NotContiguous { expected_first_batch = expectedFirst });
    // An epoch may cover no batch (last_batch = first_batch - 1) but never runs backwards.
    if (h.last_batch + 1 < h.first_batch) return #Err(#InvalidEpoch { reason = "last_batch is before first_batch" });
    var seq = h.first_batch;
    while (seq <= h.last_batch) {
      let ?e = Map.get(s.batches, Nat64.compare, seq) else return #Err(#UnknownBatch { sequence = seq });
      // Rejected batches stay in the range (it is contiguous) but pay nothing; pending ones wait.
      switch (status(e, at)) {
        case (#Pending _) return #Err(#BatchNotFinal { sequence = seq });
        case _ {};
      };
      seq += 1;
    };
    Map.add(s.epochs, Nat64.compare, h.epoch, h);
    s.lastEpoch := h.epoch;
    #Ok;
  };

  public func getEpoch(s : State, epoch : Nat64) : ?EpochHeader = Map.get(s.epochs, Nat64.compare, epoch);

  public func updateConfig(s : State, caller : Principal, u : Types.ConfigUpdate) : { #Ok; #Err : Types.ConfigError } {
    if (caller != s.config.owner) return #Err(#Unauthorized);
    s.config := {
      poster = switch (u.poster) { case (?p) p; case null s.config.poster };
      challenge_window_ns = switch (u.challenge_window_ns) { case (?w) w; case null s.config.challenge_window_ns };
      owner = switch (u.owner) { case (?o) o; case null s.config.owner };
    };
    #Ok;
  };
};
