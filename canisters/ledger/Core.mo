/// The ledger's state and rules, apart from the actor so the tests can run them directly. The actor
/// (main.mo) supplies the caller and the time, and certifies the tip after each change.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Int "mo:core/Int";
import List "mo:core/List";
import Map "mo:core/Map";
import Nat "mo:core/Nat";
import Nat64 "mo:core/Nat64";
import Nat8 "mo:core/Nat8";
import Principal "mo:core/Principal";
import Value "../common/Value";
import T "Types";

module {
  type Account = T.Account;
  type Value = Value.Value;

  /// ICRC-1: deduplication covers created_at_time within the last 24 hours, with 60 s of drift
  /// allowed both ways.
  public let txWindowNs : Nat64 = 86_400_000_000_000; // 24 h
  public let permittedDriftNs : Nat64 = 60_000_000_000; // 60 s
  public let maxMemoBytes = 32;
  let maxBlocksPerResponse = 2_000;
  let zeroSubaccount : Blob = "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00";

  /// Only data (no functions), so it is stable under enhanced orthogonal persistence.
  public type State = {
    name : Text;
    symbol : Text;
    decimals : Nat8;
    minting : Account;
    var fee : Nat;
    /// Set by the admin to exercise clients' TemporarilyUnavailable handling.
    var unavailable : Bool;
    var totalSupply : Nat;
    balances : Map.Map<Blob, Nat>; // accountKey -> balance, zero balances removed
    allowances : Map.Map<Blob, T.Allowance>; // accountKey(from) ‖ accountKey(spender)
    blocks : List.List<Value>;
    var lastHash : ?Blob;
    /// Deduplication: the hash of a transaction's `tx` value -> its block, and the same entries keyed
    /// by created_at_time (big-endian) first, so the oldest are pruned in order.
    dedup : Map.Map<Blob, Nat>;
    dedupByTime : Map.Map<Blob, Blob>;
  };

  /// A fresh ledger; the initial balances are minted by the first blocks, so the log explains every
  /// balance.
  public func create(init : T.InitArgs, at : Nat64) : State {
    let s : State = {
      name = init.token_name;
      symbol = init.token_symbol;
      decimals = init.decimals;
      minting = init.minting_account;
      var fee = init.transfer_fee;
      var unavailable = false;
      var totalSupply = 0;
      balances = Map.empty();
      allowances = Map.empty();
      blocks = List.empty();
      var lastHash = null;
      dedup = Map.empty();
      dedupByTime = Map.empty();
    };
    for ((account, amount) in init.initial_balances.vals()) {
      if (amount > 0) {
        setBalance(s, account, balanceOf(s, account) + amount);
        s.totalSupply += amount;
        ignore append(s, #Map([("op", #Text "mint"), ("to", accountValue(account)), ("amt", #Nat amount)]), null, at);
      };
    };
    s;
  };

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

  public func balanceOf(s : State, a : Account) : Nat = switch (Map.get(s.balances, Blob.compare, accountKey(a))) { case (?b) b; case null 0 };

  func setBalance(s : State, a : Account, amount : Nat) {
    if (amount == 0) Map.remove(s.balances, Blob.compare, accountKey(a)) else Map.add(s.balances, Blob.compare, accountKey(a), amount);
  };

  func allowanceKey(from : Account, spender : Account) : Blob {
    Blob.fromArray(Array.concat(Blob.toArray(accountKey(from)), Blob.toArray(accountKey(spender))));
  };

  public func allowance(s : State, from : Account, spender : Account, at : Nat64) : T.Allowance {
    switch (Map.get(s.allowances, Blob.compare, allowanceKey(from, spender))) {
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
      case (?sub) #Array([#Blob(Principal.toBlob(a.owner)), #Blob sub]);
      case null #Array([#Blob(Principal.toBlob(a.owner))]);
    };
  };

  func optField(fields : List.List<(Text, Value)>, key : Text, v : ?Value) {
    switch v { case (?x) List.add(fields, (key, x)); case null {} };
  };

  func natOpt(n : ?Nat) : ?Value = switch n { case (?x) ?#Nat x; case null null };
  func nat64Opt(n : ?Nat64) : ?Value = switch n { case (?x) ?#Nat(Nat64.toNat x); case null null };
  func blobOpt(b : ?Blob) : ?Value = switch b { case (?x) ?#Blob x; case null null };

  /// Appends a block holding `tx`, chained to its parent by the ICRC-3 hash. `chargedFee` is
  /// recorded at the top level when the caller did not state the fee in `tx`.
  func append(s : State, tx : Value, chargedFee : ?Nat, at : Nat64) : Nat {
    let fields = List.empty<(Text, Value)>();
    switch (chargedFee) { case (?f) List.add(fields, ("fee", #Nat f)); case null {} };
    switch (s.lastHash) { case (?h) List.add(fields, ("phash", #Blob h)); case null {} };
    List.add(fields, ("ts", #Nat(Nat64.toNat(at))));
    List.add(fields, ("tx", tx));
    let block : Value = #Map(List.toArray(fields));
    let index = List.size(s.blocks);
    List.add(s.blocks, block);
    s.lastHash := ?Value.hash(block);
    index;
  };

  /// The last block's index and hash, which the actor certifies.
  public func tip(s : State) : ?(Nat, Blob) {
    switch (s.lastHash) { case (?h) ?(List.size(s.blocks) - 1, h); case null null };
  };

  public func getBlocks(s : State, ranges : T.GetBlocksArgs) : T.GetBlocksResult {
    let length = List.size(s.blocks);
    let out = List.empty<{ id : Nat; block : Value }>();
    label ranges_ for (r in ranges.vals()) {
      var i = r.start;
      let end = Nat.min(length, r.start + r.length);
      while (i < end) {
        if (List.size(out) >= maxBlocksPerResponse) break ranges_;
        List.add(out, { id = i; block = List.at(s.blocks, i) });
        i += 1;
      };
    };
    { log_length = length; blocks = List.toArray(out); archived_blocks = [] };
  };

  // ----- deduplication and time -----

  func be64(n : Nat64) : [Nat8] {
    Array.tabulate<Nat8>(8, func(i) = Nat64.toNat8((n >> Nat64.fromNat(56 - 8 * i)) & 0xff));
  };

  func prune(s : State, at : Nat64) {
    let horizon : Nat64 = if (at > txWindowNs + permittedDriftNs) at - txWindowNs - permittedDriftNs else 0;
    label sweep loop {
      switch (Map.minEntry(s.dedupByTime)) {
        case (?(key, txHash)) {
          let ts = Array.foldLeft<Nat8, Nat64>(Array.sliceToArray(Blob.toArray(key), 0, 8), 0, func(acc, b) = (acc << 8) | Nat64.fromNat(Nat8.toNat b));
          if (ts >= horizon) break sweep;
          Map.remove(s.dedupByTime, Blob.compare, key);
          Map.remove(s.dedup, Blob.compare, txHash);
        };
        case null break sweep;
      };
    };
  };

  type TimeCheck = { #ok; #tooOld; #future; #duplicate : Nat };

  /// ICRC-1: without created_at_time there is no deduplication; too old is before now - window -
  /// drift; in the future is after now + drift; otherwise the same transaction (same caller, same
  /// arguments, hence the same `tx` value) within the window is a duplicate.
  func checkTime(s : State, createdAt : ?Nat64, tx : Value, at : Nat64) : TimeCheck {
    let ?created = createdAt else return #ok;
    prune(s, at);
    if (created + txWindowNs + permittedDriftNs < at) return #tooOld;
    if (created > at + permittedDriftNs) return #future;
    switch (Map.get(s.dedup, Blob.compare, Value.hash(tx))) { case (?i) #duplicate i; case null #ok };
  };

  func remember(s : State, createdAt : ?Nat64, tx : Value, index : Nat) {
    let ?created = createdAt else return;
    let h = Value.hash(tx);
    Map.add(s.dedup, Blob.compare, h, index);
    Map.add(s.dedupByTime, Blob.compare, Blob.fromArray(Array.concat(be64(created), Blob.toArray(h))), h);
  };

  func invalid(message : Text) : { error_code : Nat; message : Text } = { error_code = 1; message };

  func memoTooLong(memo : ?Blob) : Bool = switch memo { case (?m) m.size() > maxMemoBytes; case null false };

  // ----- ICRC-1 -----

  public func transfer(s : State, caller : Principal, args : T.TransferArg, at : Nat64) : T.TransferResult {
    if (s.unavailable) return #Err(#TemporarilyUnavailable);
    let from = { owner = caller; subaccount = args.from_subaccount };
    if (not validAccount(from) or not validAccount(args.to)) return #Err(#GenericError(invalid("a subaccount must be 32 bytes")));
    if (memoTooLong(args.memo)) return #Err(#GenericError(invalid("the memo is longer than 32 bytes")));
    let isMint = sameAccount(from, s.minting);
    let isBurn = sameAccount(args.to, s.minting);
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

    // Deduplication comes before the fee check (the reference ledger checks the fee first): a retry
    // with byte-identical arguments must report Duplicate even if the fee changed in between, or a
    // client that refreshes the fee would pay twice.
    switch (checkTime(s, args.created_at_time, tx, at)) {
      case (#tooOld) return #Err(#TooOld);
      case (#future) return #Err(#CreatedInFuture { ledger_time = at });
      case (#duplicate i) return #Err(#Duplicate { duplicate_of = i });
      case (#ok) {};
    };

    let index = if (isMint) {
      // Minting and burning are free: the fee must be absent or zero.
      switch (args.fee) { case (?f) if (f != 0) return #Err(#BadFee { expected_fee = 0 }); case null {} };
      setBalance(s, args.to, balanceOf(s, args.to) + args.amount);
      s.totalSupply += args.amount;
      append(s, tx, null, at);
    } else if (isBurn) {
      switch (args.fee) { case (?f) if (f != 0) return #Err(#BadFee { expected_fee = 0 }); case null {} };
      if (args.amount < s.fee) return #Err(#BadBurn { min_burn_amount = s.fee });
      let balance = balanceOf(s, from);
      if (balance < args.amount) return #Err(#InsufficientFunds { balance });
      setBalance(s, from, balance - args.amount);
      s.totalSupply -= args.amount;
      append(s, tx, null, at);
    } else {
      switch (args.fee) { case (?f) if (f != s.fee) return #Err(#BadFee { expected_fee = s.fee }); case null {} };
      let balance = balanceOf(s, from);
      if (balance < args.amount + s.fee) return #Err(#InsufficientFunds { balance });
      setBalance(s, from, balance - args.amount - s.fee);
      setBalance(s, args.to, balanceOf(s, args.to) + args.amount);
      s.totalSupply -= s.fee; // fees are burned
      append(s, tx, if (args.fee == null) ?s.fee else null, at);
    };
    remember(s, args.created_at_time, tx, index);
    #Ok index;
  };

  // ----- ICRC-2 -----

  public func approve(s : State, caller : Principal, args : T.ApproveArgs, at : Nat64) : T.ApproveResult {
    if (s.unavailable) return #Err(#TemporarilyUnavailable);
    let from = { owner = caller; subaccount = args.from_subaccount };
    if (not validAccount(from) or not validAccount(args.spender)) return #Err(#GenericError(invalid("a subaccount must be 32 bytes")));
    if (memoTooLong(args.memo)) return #Err(#GenericError(invalid("the memo is longer than 32 bytes")));
    if (args.spender.owner == caller) return #Err(#GenericError(invalid("self approval is not allowed")));
    if (sameAccount(from, s.minting)) return #Err(#GenericError(invalid("the minting account cannot approve")));

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

    switch (checkTime(s, args.created_at_time, tx, at)) {
      case (#tooOld) return #Err(#TooOld);
      case (#future) return #Err(#CreatedInFuture { ledger_time = at });
      case (#duplicate i) return #Err(#Duplicate { duplicate_of = i });
      case (#ok) {};
    };
    switch (args.fee) { case (?f) if (f != s.fee) return #Err(#BadFee { expected_fee = s.fee }); case null {} };
    switch (args.expires_at) { case (?e) if (e <= at) return #Err(#Expired { ledger_time = at }); case null {} };
    let current = allowance(s, from, args.spender, at);
    switch (args.expected_allowance) {
      case (?e) if (e != current.allowance) return #Err(#AllowanceChanged { current_allowance = current.allowance });
      case null {};
    };
    let balance = balanceOf(s, from);
    if (balance < s.fee) return #Err(#InsufficientFunds { balance });

    setBalance(s, from, balance - s.fee);
    s.totalSupply -= s.fee;
    let key = allowanceKey(from, args.spender);
    if (args.amount == 0) Map.remove(s.allowances, Blob.compare, key) else Map.add(s.allowances, Blob.compare, key, { allowance = args.amount; expires_at = args.expires_at });
    let index = append(s, tx, if (args.fee == null) ?s.fee else null, at);
    remember(s, args.created_at_time, tx, index);
    #Ok index;
  };

  public func transferFrom(s : State, caller : Principal, args : T.TransferFromArgs, at : Nat64) : T.TransferFromResult {
    if (s.unavailable) return #Err(#TemporarilyUnavailable);
    let spender = { owner = caller; subaccount = args.spender_subaccount };
    if (not validAccount(spender) or not validAccount(args.from) or not validAccount(args.to)) return #Err(#GenericError(invalid("a subaccount must be 32 bytes")));
    if (memoTooLong(args.memo)) return #Err(#GenericError(invalid("the memo is longer than 32 bytes")));
    // No delegated minting here: the minting account mints with icrc1_transfer.
    if (sameAccount(args.from, s.minting)) return #Err(#GenericError(invalid("transfer_from the minting account is not supported")));
    let isBurn = sameAccount(args.to, s.minting);

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

    switch (checkTime(s, args.created_at_time, tx, at)) {
      case (#tooOld) return #Err(#TooOld);
      case (#future) return #Err(#CreatedInFuture { ledger_time = at });
      case (#duplicate i) return #Err(#Duplicate { duplicate_of = i });
      case (#ok) {};
    };
    let charged = if (isBurn) {
      switch (args.fee) { case (?f) if (f != 0) return #Err(#BadFee { expected_fee = 0 }); case null {} };
      if (args.amount < s.fee) return #Err(#BadBurn { min_burn_amount = s.fee });
      0;
    } else {
      switch (args.fee) { case (?f) if (f != s.fee) return #Err(#BadFee { expected_fee = s.fee }); case null {} };
      s.fee;
    };
    let debit = args.amount + charged;
    // ICRC-2: the allowance decreases only when `from` is not the spender's own account; spending
    // from one's own account needs no approval.
    let ownAccount = sameAccount(args.from, spender);
    let current = allowance(s, args.from, spender, at);
    if (not ownAccount and current.allowance < debit) return #Err(#InsufficientAllowance { allowance = current.allowance });
    let balance = balanceOf(s, args.from);
    if (balance < debit) return #Err(#InsufficientFunds { balance });

    if (not ownAccount) {
      let key = allowanceKey(args.from, spender);
      if (current.allowance == debit) Map.remove(s.allowances, Blob.compare, key) else Map.add(s.allowances, Blob.compare, key, { current with allowance = Int.abs(current.allowance - debit) });
    };
    setBalance(s, args.from, balance - debit);
    if (not isBurn) setBalance(s, args.to, balanceOf(s, args.to) + args.amount);
    s.totalSupply -= if (isBurn) args.amount else charged;
    let index = append(s, tx, if (not isBurn and args.fee == null) ?charged else null, at);
    remember(s, args.created_at_time, tx, index);
    #Ok index;
  };
};
