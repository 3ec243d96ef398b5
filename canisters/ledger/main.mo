/// An ICRC-1 / ICRC-2 / ICRC-3 ledger for local use: the bridge pays rewards through it in tests on
/// our replica. One canister, no archives, all blocks kept. The rules live in Core.mo; this actor
/// adds the caller, the clock and certification. Semantics follow the standards, and the reference
/// ledger where the standards leave room, except where Core.mo says otherwise.
///
/// `persistent actor`: the state (balances, approvals, the block log, the deduplication window)
/// survives upgrades (enhanced orthogonal persistence).
import CertifiedData "mo:core/CertifiedData";
import Int "mo:core/Int";
import Nat64 "mo:core/Nat64";
import Nat8 "mo:core/Nat8";
import Principal "mo:core/Principal";
import Time "mo:core/Time";
import Certification "Certification";
import Core "Core";
import T "Types";

persistent actor class Ledger(init : T.InitArgs) {
  type Account = T.Account;

  func now() : Nat64 = Nat64.fromNat(Int.abs(Time.now()));

  // Initialized once, at install: a stable field keeps its value across upgrades (whose argument is
  // then ignored).
  let state : Core.State = Core.create(init, now());

  /// certified_data = root of the ICRC-3 tip tree. The actor body runs on install and on every
  /// upgrade, so this also restores it after an upgrade.
  func certify() {
    switch (Core.tip(state)) { case (?(index, hash)) CertifiedData.set(Certification.rootHash(index, hash)); case null {} };
  };
  certify();

  // ----- ICRC-1 -----

  public query func icrc1_name() : async Text { state.name };
  public query func icrc1_symbol() : async Text { state.symbol };
  public query func icrc1_decimals() : async Nat8 { state.decimals };
  public query func icrc1_fee() : async Nat { state.fee };
  public query func icrc1_total_supply() : async Nat { state.totalSupply };
  public query func icrc1_minting_account() : async ?Account { ?state.minting };
  public query func icrc1_balance_of(a : Account) : async Nat { Core.balanceOf(state, a) };

  public query func icrc1_metadata() : async [(Text, T.MetadataValue)] {
    [
      ("icrc1:name", #Text(state.name)),
      ("icrc1:symbol", #Text(state.symbol)),
      ("icrc1:decimals", #Nat(Nat8.toNat(state.decimals))),
      ("icrc1:fee", #Nat(state.fee)),
      ("icrc1:max_memo_length", #Nat(Core.maxMemoBytes)),
    ];
  };

  public query func icrc1_supported_standards() : async [T.StandardRecord] {
    [
      { name = "ICRC-1"; url = "https://github.com/dfinity/ICRC-1/tree/main/standards/ICRC-1" },
      { name = "ICRC-2"; url = "https://github.com/dfinity/ICRC-1/tree/main/standards/ICRC-2" },
      { name = "ICRC-3"; url = "https://github.com/dfinity/ICRC-1/tree/main/standards/ICRC-3" },
    ];
  };

  public shared ({ caller }) func icrc1_transfer(args : T.TransferArg) : async T.TransferResult {
    let result = Core.transfer(state, caller, args, now());
    certify();
    result;
  };

  // ----- ICRC-2 -----

  public shared ({ caller }) func icrc2_approve(args : T.ApproveArgs) : async T.ApproveResult {
    let result = Core.approve(state, caller, args, now());
    certify();
    result;
  };

  public query func icrc2_allowance(args : T.AllowanceArgs) : async T.Allowance {
    Core.allowance(state, args.account, args.spender, now());
  };

  public shared ({ caller }) func icrc2_transfer_from(args : T.TransferFromArgs) : async T.TransferFromResult {
    let result = Core.transferFrom(state, caller, args, now());
    certify();
    result;
  };

  // ----- ICRC-3 -----

  public query func icrc3_get_blocks(ranges : T.GetBlocksArgs) : async T.GetBlocksResult {
    Core.getBlocks(state, ranges);
  };

  public query func icrc3_get_archives(_args : T.GetArchivesArgs) : async T.GetArchivesResult { [] };

  public query func icrc3_supported_block_types() : async [T.BlockType] {
    let icrc1 = "https://github.com/dfinity/ICRC-1/tree/main/standards/ICRC-1";
    let icrc2 = "https://github.com/dfinity/ICRC-1/tree/main/standards/ICRC-2";
    [
      { block_type = "1burn"; url = icrc1 },
      { block_type = "1mint"; url = icrc1 },
      { block_type = "1xfer"; url = icrc1 },
      { block_type = "2approve"; url = icrc2 },
      { block_type = "2xfer"; url = icrc2 },
    ];
  };

  public query func icrc3_get_tip_certificate() : async ?T.DataCertificate {
    let ?(index, hash) = Core.tip(state) else return null;
    let ?certificate = CertifiedData.getCertificate() else return null;
    ?{ certificate; hash_tree = Certification.hashTree(index, hash) };
  };

  // ----- administration, for tests that exercise clients' error handling -----

  func isAdmin(p : Principal) : Bool = Principal.isController(p) or p == state.minting.owner;

  /// Changes the transfer fee (so a client sees BadFee). Controllers and the minting account only.
  public shared ({ caller }) func set_transfer_fee(fee : Nat) : async { #Ok; #Err : Text } {
    if (not isAdmin(caller)) return #Err("only a controller or the minting account may change the fee");
    state.fee := fee;
    #Ok;
  };

  /// Makes every update answer TemporarilyUnavailable while true. Controllers and the minting account only.
  public shared ({ caller }) func set_unavailable(value : Bool) : async { #Ok; #Err : Text } {
    if (not isAdmin(caller)) return #Err("only a controller or the minting account may do this");
    state.unavailable := value;
    #Ok;
  };
};
