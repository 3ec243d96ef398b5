/// An ICRC-1 / ICRC-2 / ICRC-3 ledger for local use: the bridge pays rewards through it in tests on
/// our replica. One canister, no archives, all blocks kept. Semantics follow the standards and the
/// reference ledger where the standards leave room, except where a comment says otherwise.
///
/// `persistent actor`: balances, approvals, the block log and the deduplication window survive
/// upgrades (enhanced orthogonal persistence).
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import CertifiedData "mo:core/CertifiedData";
import Int "mo:core/Int";
import List "mo:core/List";
import Map "mo:core/Map";
import Nat "mo:core/Nat";
import Nat64 "mo:core/Nat64";
import Nat8 "mo:core/Nat8";
import Principal "mo:core/Principal";
import Time "mo:core/Time";
import Value "../common/Value";
import Certification "Certification";
import T "Types";

persistent actor class Ledger(init : T.InitArgs) {
  type Account = T.Account;
  type Value = Value.Value;

  /// ICRC-1: deduplication covers created_at_time within the last 24 hours, with 60 s of drift
  /// allowed both ways.
  let txWindowNs : Nat64 = 24 * 60 * 60 * 1_000_000_000;
  let permittedDriftNs : Nat64 = 60 * 1_000_000_000;
  let maxMemoBytes = 32;
  let maxBlocksPerResponse = 2_000;
  let zeroSubaccount : Blob = "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00";

  var name = init.token_name;
  var symbol = init.token_symbol;
  let decimals = init.decimals;
  var fee = init.transfer_fee;
  let minting = init.minting_account;
  /// Set by the admin to exercise clients' TemporarilyUnavailable handling.
  var unavailable = false;

  var totalSupply = 0;
  let balances = Map.empty<Blob, Nat>(); // accountKey -> balance, zero balances removed
  let allowances = Map.empty<Blob, T.Allowance>(); // accountKey(from) ‖ accountKey(spender)
  let blocks = List.empty<Value>();
  var lastHash : ?Blob = null;
  /// Deduplication: the hash of a transaction's `tx` value -> its block, and the same entries keyed
  /// by created_at_time (big-endian) first, so the oldest are pruned in order.
  let dedup = Map.empty<Blob, Nat>();
  let dedupByTime = Map.empty<Blob, Blob>();

  func now() : Nat64 = Nat64.fromNat(Int.abs(Time.now()));

  // ----- accounts -----

  func subaccountOf(a : Account) : Blob = switch (a.subaccount) { case (?s) s; case null zeroSubaccount };

  /// One byte of principal length, the principal, the 32-byte subaccount: unambiguous, and a null
  /// subaccount is the zero subaccount, as ICRC-1 says.
  func accountKey(a : Account) : Blob {
    let p = Blob.toArray(Principal.toBlob(a.owner));
    Blob.fromArray(Array.flatten<Nat8>([[Nat8.fromNat(p.size())], p, Blob.toArray(subaccountOf(a))]));
  };

  func sameAccount(a : Account, b : Account) : Bool = a.owner == b.owner and subaccountOf(a) == subaccountOf(b);

  func validAccount(a : Account) : Bool = switch (a.subaccount) { case (?s) s.size() == 32; case null true };

  func balanceOf(a : Account) : Nat = switch (Map.get(balances, Blob.compare, accountKey(a))) { case (?b) b; case null 0 };

  func setBalance(a : Account, amount : Nat) {
    if (amount == 0) Map.remove(balances, Blob.compare, accountKey(a)) else Map.add(balances, Blob.compare, accountKey(a), amount);
  };

  func allowanceKey(from : Account, spender : Account) : Blob {
    Blob.fromArray(Array.concat(Blob.toArray(accountKey(from)), Blob.toArray(accountKey(spender))));
  };

  func currentAllowance(from : Account, spender : Account, at : Nat64) : T.Allowance {
    switch (Map.get(allowances, Blob.compare, allowanceKey(from, spender))) {
      case (?a) {
        switch (a.expires_at) {
          case (?e) if (e <= at) return { allowance = 0; expires_at = null };
          case null {};
        };
        a;
      };
      case null ({ allowance = 0; expires_at = null });
    };
  };

  // ----- blocks -----

  /// ICRC-3 account value: [owner] or [owner, subaccount] as the caller gave it.
  func accountValue(a : Account) : Value {
    switch (a.subaccount) {
      case (?s) #Array([#Blob(Principal.toBlob(a.owner)), #Blob s]);
      case null #Array([#Blob(Principal.toBlob(a.owner))]);
    };
  };

  func optField(fields : List.List<(Text, Value)>, key : Text, v : ?Value) {
    switch v { case (?x) List.add(fields, (key, x)); case null {} };
  };

  func natOpt(n : ?Nat) : ?Value = switch n { case (?x) ?#Nat x; case null null };
  func nat64Opt(n : ?Nat64) : ?Value = switch n { case (?x) ?#Nat(Nat64.toNat x); case null null };
  func blobOpt(b : ?Blob) : ?Value = switch b { case (?x) ?#Blob x; case null null };

  /// Appends a block holding `tx`, chained to its parent by the ICRC-3 hash, and certifies the tip.
  /// `chargedFee` is recorded at the top level when the caller did not state the fee in `tx`.
  func append(tx : Value, chargedFee : ?Nat, at : Nat64) : Nat {
    let fields = List.empty<(Text, Value)>();
    switch (chargedFee) { case (?f) List.add(fields, ("fee", #Nat f)); case null {} };
    switch (lastHash) { case (?h) List.add(fields, ("phash", #Blob h)); case null {} };
    List.add(fields, ("ts", #Nat(Nat64.toNat(at))));
    List.add(fields, ("tx", tx));
    let block : Value = #Map(List.toArray(fields));
    let index = List.size(blocks);
    List.add(blocks, block);
    let h = Value.hash(block);
    lastHash := ?h;
    CertifiedData.set(Certification.rootHash(index, h));
    index;
  };

  // ----- deduplication and time -----

  func be64(n : Nat64) : [Nat8] {
    Array.tabulate<Nat8>(8, func(i) = Nat64.toNat8((n >> Nat64.fromNat(56 - 8 * i)) & 0xff));
  };

  func prune(at : Nat64) {
    let horizon : Nat64 = if (at > txWindowNs + permittedDriftNs) at - txWindowNs - permittedDriftNs else 0;
    label sweep loop {
      switch (Map.minEntry(dedupByTime)) {
        case (?(key, txHash)) {
          let ts = Array.foldLeft<Nat8, Nat64>(Array.sliceToArray(Blob.toArray(key), 0, 8), 0, func(acc, b) = (acc << 8) | Nat64.fromNat(Nat8.toNat b));
          if (ts >= horizon) break sweep;
          Map.remove(dedupByTime, Blob.compare, key);
          Map.remove(dedup, Blob.compare, txHash);
        };
        case null break sweep;
      };
    };
  };

  type TimeCheck = { #ok; #tooOld; #future; #duplicate : Nat };

  /// ICRC-1: without created_at_time there is no deduplication; too old is before now - window -
  /// drift; in the future is after now + drift; otherwise the same transaction (same caller, same
  /// arguments, hence the same `tx` value) within the window is a duplicate.
  func checkTime(createdAt : ?Nat64, tx : Value, at : Nat64) : TimeCheck {
    let ?created = createdAt else return #ok;
    prune(at);
    if (created + txWindowNs + permittedDriftNs < at) return #tooOld;
    if (created > at + permittedDriftNs) return #future;
    switch (Map.get(dedup, Blob.compare, Value.hash(tx))) { case (?i) #duplicate i; case null #ok };
  };

  func remember(createdAt : ?Nat64, tx : Value, index : Nat) {
    let ?created = createdAt else return;
    let h = Value.hash(tx);
    Map.add(dedup, Blob.compare, h, index);
    Map.add(dedupByTime, Blob.compare, Blob.fromArray(Array.concat(be64(created), Blob.toArray(h))), h);
  };

  func invalid(message : Text) : { error_code : Nat; message : Text } = { error_code = 1; message };

  func memoTooLong(memo : ?Blob) : Bool = switch memo { case (?m) m.size() > maxMemoBytes; case null false };

  // ----- initial balances: minted by the first blocks, so the log explains every balance -----

  // The actor body runs again on every upgrade (with the upgrade's argument); this flag persists, so
  // the initial balances are minted once.
  var initialized = false;
  if (not initialized) {
    for ((account, amount) in init.initial_balances.vals()) {
      if (amount > 0) {
        setBalance(account, balanceOf(account) + amount);
        totalSupply += amount;
        ignore append(#Map([("op", #Text "mint"), ("to", accountValue(account)), ("amt", #Nat amount)]), null, now());
      };
    };
    initialized := true;
  };

  // ----- ICRC-1 -----

  public query func icrc1_name() : async Text { name };
  public query func icrc1_symbol() : async Text { symbol };
  public query func icrc1_decimals() : async Nat8 { decimals };
  public query func icrc1_fee() : async Nat { fee };
  public query func icrc1_total_supply() : async Nat { totalSupply };
  public query func icrc1_minting_account() : async ?Account { ?minting };
  public query func icrc1_balance_of(a : Account) : async Nat { balanceOf(a) };

  public query func icrc1_metadata() : async [(Text, T.MetadataValue)] {
    [
      ("icrc1:name", #Text name),
      ("icrc1:symbol", #Text symbol),
      ("icrc1:decimals", #Nat(Nat8.toNat decimals)),
      ("icrc1:fee", #Nat fee),
      ("icrc1:max_memo_length", #Nat maxMemoBytes),
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
    if (unavailable) return #Err(#TemporarilyUnavailable);
    let from = { owner = caller; subaccount = args.from_subaccount };
    if (not validAccount(from) or not validAccount(args.to)) return #Err(#GenericError(invalid("a subaccount must be 32 bytes")));
    if (memoTooLong(args.memo)) return #Err(#GenericError(invalid("the memo is longer than 32 bytes")));
    let isMint = sameAccount(from, minting);
    let isBurn = sameAccount(args.to, minting);
    if (isMint and isBurn) return #Err(#GenericError(invalid("the minting account cannot send to itself")));

    // The canonical tx mapping of ICRC-3: only what the caller gave.
    let fields = List.empty<(Text, Value)>();
    List.add(fields, ("op", #Text(if isMint "mint" else if isBurn "burn" else "xfer")));
    if (not isMint) List.add(fields, ("from", accountValue(from)));
    if (not isBurn) List.add(fields, ("to", accountValue(args.to)));
    List.add(fields, ("amt", #Nat(args.amount)));
    if (not isMint and not isBurn) optField(fields, "fee", natOpt(args.fee));
    optField(fields, "memo", blobOpt(args.memo));
    optField(fields, "ts", nat64Opt(args.created_at_time));
    let tx : Value = #Map(List.toArray(fields));

    let at = now();
    // Deduplication comes before the fee check (the reference ledger checks the fee first): a retry
    // with byte-identical arguments must report Duplicate even if the fee changed in between, or a
    // client that refreshes the fee would pay twice.
    switch (checkTime(args.created_at_time, tx, at)) {
      case (#tooOld) return #Err(#TooOld);
      case (#future) return #Err(#CreatedInFuture { ledger_time = at });
      case (#duplicate i) return #Err(#Duplicate { duplicate_of = i });
      case (#ok) {};
    };

    let index = if (isMint) {
      // Minting and burning are free: the fee must be absent or zero.
      switch (args.fee) { case (?f) if (f != 0) return #Err(#BadFee { expected_fee = 0 }); case null {} };
      setBalance(args.to, balanceOf(args.to) + args.amount);
      totalSupply += args.amount;
      append(tx, null, at);
    } else if (isBurn) {
      switch (args.fee) { case (?f) if (f != 0) return #Err(#BadFee { expected_fee = 0 }); case null {} };
      if (args.amount < fee) return #Err(#BadBurn { min_burn_amount = fee });
      let balance = balanceOf(from);
      if (balance < args.amount) return #Err(#InsufficientFunds { balance });
      setBalance(from, balance - args.amount);
      totalSupply -= args.amount;
      append(tx, null, at);
    } else {
      switch (args.fee) { case (?f) if (f != fee) return #Err(#BadFee { expected_fee = fee }); case null {} };
      let balance = balanceOf(from);
      if (balance < args.amount + fee) return #Err(#InsufficientFunds { balance });
      setBalance(from, balance - args.amount - fee);
      setBalance(args.to, balanceOf(args.to) + args.amount);
      totalSupply -= fee; // fees are burned
      append(tx, if (args.fee == null) ?fee else null, at);
    };
    remember(args.created_at_time, tx, index);
    #Ok index;
  };

  // ----- ICRC-2 -----

  public shared ({ caller }) func icrc2_approve(args : T.ApproveArgs) : async T.ApproveResult {
    if (unavailable) return #Err(#TemporarilyUnavailable);
    let from = { owner = caller; subaccount = args.from_subaccount };
    if (not validAccount(from) or not validAccount(args.spender)) return #Err(#GenericError(invalid("a subaccount must be 32 bytes")));
    if (memoTooLong(args.memo)) return #Err(#GenericError(invalid("the memo is longer than 32 bytes")));
    if (args.spender.owner == caller) return #Err(#GenericError(invalid("self approval is not allowed")));
    if (sameAccount(from, minting)) return #Err(#GenericError(invalid("the minting account cannot approve")));

    let fields = List.empty<(Text, Value)>();
    List.add(fields, ("op", #Text "approve"));
    List.add(fields, ("from", accountValue(from)));
    List.add(fields, ("spender", accountValue(args.spender)));
    List.add(fields, ("amt", #Nat(args.amount)));
    optField(fields, "expected_allowance", natOpt(args.expected_allowance));
    optField(fields, "expires_at", nat64Opt(args.expires_at));
    optField(fields, "fee", natOpt(args.fee));
    optField(fields, "memo", blobOpt(args.memo));
    optField(fields, "ts", nat64Opt(args.created_at_time));
    let tx : Value = #Map(List.toArray(fields));

    let at = now();
    switch (checkTime(args.created_at_time, tx, at)) {
      case (#tooOld) return #Err(#TooOld);
      case (#future) return #Err(#CreatedInFuture { ledger_time = at });
      case (#duplicate i) return #Err(#Duplicate { duplicate_of = i });
      case (#ok) {};
    };
    switch (args.fee) { case (?f) if (f != fee) return #Err(#BadFee { expected_fee = fee }); case null {} };
    switch (args.expires_at) { case (?e) if (e <= at) return #Err(#Expired { ledger_time = at }); case null {} };
    let current = currentAllowance(from, args.spender, at);
    switch (args.expected_allowance) {
      case (?e) if (e != current.allowance) return #Err(#AllowanceChanged { current_allowance = current.allowance });
      case null {};
    };
    let balance = balanceOf(from);
    if (balance < fee) return #Err(#InsufficientFunds { balance });

    setBalance(from, balance - fee);
    totalSupply -= fee;
    let key = allowanceKey(from, args.spender);
    if (args.amount == 0) Map.remove(allowances, Blob.compare, key) else Map.add(allowances, Blob.compare, key, { allowance = args.amount; expires_at = args.expires_at });
    let index = append(tx, if (args.fee == null) ?fee else null, at);
    remember(args.created_at_time, tx, index);
    #Ok index;
  };

  public query func icrc2_allowance(args : T.AllowanceArgs) : async T.Allowance {
    currentAllowance(args.account, args.spender, now());
  };

  public shared ({ caller }) func icrc2_transfer_from(args : T.TransferFromArgs) : async T.TransferFromResult {
    if (unavailable) return #Err(#TemporarilyUnavailable);
    let spender = { owner = caller; subaccount = args.spender_subaccount };
    if (not validAccount(spender) or not validAccount(args.from) or not validAccount(args.to)) return #Err(#GenericError(invalid("a subaccount must be 32 bytes")));
    if (memoTooLong(args.memo)) return #Err(#GenericError(invalid("the memo is longer than 32 bytes")));
    // No delegated minting here: the minting account mints with icrc1_transfer.
    if (sameAccount(args.from, minting)) return #Err(#GenericError(invalid("transfer_from the minting account is not supported")));
    let isBurn = sameAccount(args.to, minting);

    let fields = List.empty<(Text, Value)>();
    List.add(fields, ("op", #Text(if isBurn "burn" else "xfer")));
    List.add(fields, ("from", accountValue(args.from)));
    if (not isBurn) List.add(fields, ("to", accountValue(args.to)));
    List.add(fields, ("spender", accountValue(spender)));
    List.add(fields, ("amt", #Nat(args.amount)));
    if (not isBurn) optField(fields, "fee", natOpt(args.fee));
    optField(fields, "memo", blobOpt(args.memo));
    optField(fields, "ts", nat64Opt(args.created_at_time));
    let tx : Value = #Map(List.toArray(fields));

    let at = now();
    switch (checkTime(args.created_at_time, tx, at)) {
      case (#tooOld) return #Err(#TooOld);
      case (#future) return #Err(#CreatedInFuture { ledger_time = at });
      case (#duplicate i) return #Err(#Duplicate { duplicate_of = i });
      case (#ok) {};
    };
    let charged = if (isBurn) {
      switch (args.fee) { case (?f) if (f != 0) return #Err(#BadFee { expected_fee = 0 }); case null {} };
      if (args.amount < fee) return #Err(#BadBurn { min_burn_amount = fee });
      0;
    } else {
      switch (args.fee) { case (?f) if (f != fee) return #Err(#BadFee { expected_fee = fee }); case null {} };
      fee;
    };
    let debit = args.amount + charged;
    let allowance = currentAllowance(args.from, spender, at);
    if (allowance.allowance < debit) return #Err(#InsufficientAllowance { allowance = allowance.allowance });
    let balance = balanceOf(args.from);
    if (balance < debit) return #Err(#InsufficientFunds { balance });

    let key = allowanceKey(args.from, spender);
    if (allowance.allowance == debit) Map.remove(allowances, Blob.compare, key) else Map.add(allowances, Blob.compare, key, { allowance with allowance = allowance.allowance - debit });
    setBalance(args.from, balance - debit);
    if (not isBurn) setBalance(args.to, balanceOf(args.to) + args.amount);
    totalSupply -= if (isBurn) args.amount else charged;
    let index = append(tx, if (not isBurn and args.fee == null) ?charged else null, at);
    remember(args.created_at_time, tx, index);
    #Ok index;
  };

  // ----- ICRC-3 -----

  public query func icrc3_get_blocks(ranges : T.GetBlocksArgs) : async T.GetBlocksResult {
    let length = List.size(blocks);
    let out = List.empty<{ id : Nat; block : Value }>();
    label ranges_ for (r in ranges.vals()) {
      var i = r.start;
      let end = Nat.min(length, r.start + r.length);
      while (i < end) {
        if (List.size(out) >= maxBlocksPerResponse) break ranges_;
        List.add(out, { id = i; block = List.at(blocks, i) });
        i += 1;
      };
    };
    { log_length = length; blocks = List.toArray(out); archived_blocks = [] };
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
    let ?h = lastHash else return null;
    let ?certificate = CertifiedData.getCertificate() else return null;
    ?{ certificate; hash_tree = Certification.hashTree(List.size(blocks) - 1, h) };
  };

  // ----- administration, for tests that exercise clients' error handling -----

  func isAdmin(p : Principal) : Bool = Principal.isController(p) or p == minting.owner;

  /// Changes the transfer fee (so a client sees BadFee). Controllers and the minting account only.
  public shared ({ caller }) func set_transfer_fee(newFee : Nat) : async { #Ok; #Err : Text } {
    if (not isAdmin(caller)) return #Err("only a controller or the minting account may change the fee");
    fee := newFee;
    #Ok;
  };

  /// Makes every update answer TemporarilyUnavailable while true. Controllers and the minting account only.
  public shared ({ caller }) func set_unavailable(value : Bool) : async { #Ok; #Err : Text } {
    if (not isAdmin(caller)) return #Err("only a controller or the minting account may do this");
    unavailable := value;
    #Ok;
  };

  system func postupgrade() {
    switch (lastHash) { case (?h) CertifiedData.set(Certification.rootHash(List.size(blocks) - 1, h)); case null {} };
  };
};
