/// The ledger's rules (ledger/Core.mo) driven directly with a caller and a clock: fees, minting and
/// burning, the errors of ICRC-1/2, deduplication and its window, approvals, and the ICRC-3 block
/// log (schema, hash chain) and tip certificate tree.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Principal "mo:core/Principal";
import Runtime "mo:core/Runtime";
import Hex "../common/Hex";
import Value "../common/Value";
import Sha256 "../common/Sha256";
import Certification "../ledger/Certification";
import Core "../ledger/Core";
import T "Testing";
import Vectors "Vectors";

let minter = Principal.fromText("aaaaa-aa");
let alice = Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai");
let bob = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
let carol = Principal.fromText("mxzaz-hqaaa-aaaar-qaada-cai");
let acct = func(p : Principal) : { owner : Principal; subaccount : ?Blob } = { owner = p; subaccount = null };
let hour : Nat64 = 3_600_000_000_000;
let t0 : Nat64 = 1_700_000_000_000_000_000;

let s = Core.create({ minting_account = acct(minter); initial_balances = [(acct(alice), 1_000_000)]; transfer_fee = 10_000; token_name = "Test"; token_symbol = "TST"; decimals = 8 }, t0);

func xfer(from : Principal, to : Principal, amount : Nat, fee : ?Nat, memo : ?Blob, created : ?Nat64, at : Nat64) : Text {
  debug_show (Core.transfer(s, from, { from_subaccount = null; to = acct(to); amount; fee; memo; created_at_time = created }, at));
};
func bal(p : Principal) : Nat = Core.balanceOf(s, acct(p));

T.isTrue("initial balance", bal(alice) == 1_000_000 and s.totalSupply == 1_000_000);
T.equalText("plain transfer", xfer(alice, bob, 100_000, null, null, null, t0), "#Ok(1)");
T.isTrue("fee burned", bal(alice) == 890_000 and bal(bob) == 100_000 and s.totalSupply == 990_000);
T.equalText("bad fee", xfer(alice, bob, 1, ?1, null, null, t0), "#Err(#BadFee({expected_fee = 10_000}))");
T.equalText("insufficient funds", xfer(bob, alice, 100_000, null, null, null, t0), "#Err(#InsufficientFunds({balance = 100_000}))");
T.equalText("mint", xfer(minter, carol, 500, null, null, null, t0), "#Ok(2)");
T.equalText("mint with a fee", xfer(minter, carol, 500, ?10_000, null, null, t0), "#Err(#BadFee({expected_fee = 0}))");
T.equalText("burn below the fee", xfer(bob, minter, 9_999, null, null, null, t0), "#Err(#BadBurn({min_burn_amount = 10_000}))");
T.equalText("burn", xfer(bob, minter, 10_000, null, null, null, t0), "#Ok(3)");
T.isTrue("burn is free", bal(bob) == 90_000 and s.totalSupply == 990_500 - 10_000);
T.equalText("long memo", xfer(alice, bob, 1, null, ?"0123456789012345678901234567890123", null, t0), "#Err(#GenericError({error_code = 1; message = \"the memo is longer than 32 bytes\"}))");
T.equalText("bad subaccount", debug_show (Core.transfer(s, alice, { from_subaccount = ?"\01"; to = acct(bob); amount = 1; fee = null; memo = null; created_at_time = null }, t0)), "#Err(#GenericError({error_code = 1; message = \"a subaccount must be 32 bytes\"}))");

// Deduplication.
let t1 = t0 + hour;
T.equalText("first payout", xfer(alice, bob, 1_000, null, ?"memo-1", ?t1, t1), "#Ok(4)");
T.equalText("retry is a duplicate", xfer(alice, bob, 1_000, null, ?"memo-1", ?t1, t1 + hour), "#Err(#Duplicate({duplicate_of = 4}))");
T.equalText("another memo is another transfer", xfer(alice, bob, 1_000, null, ?"memo-2", ?t1, t1), "#Ok(5)");
T.equalText("an explicit fee is another transfer", xfer(alice, bob, 1_000, ?10_000, ?"memo-1", ?t1, t1), "#Ok(6)");
T.equalText("another caller is another transfer", xfer(bob, alice, 1_000, null, ?"memo-1", ?t1, t1), "#Ok(7)");
T.equalText("without created_at_time no dedup", xfer(alice, bob, 1_000, null, ?"memo-1", null, t1), "#Ok(8)");
T.equalText("again without created_at_time", xfer(alice, bob, 1_000, null, ?"memo-1", null, t1), "#Ok(9)");
s.fee := 20_000;
T.equalText("duplicate even after a fee change", xfer(alice, bob, 1_000, ?10_000, ?"memo-1", ?t1, t1), "#Err(#Duplicate({duplicate_of = 6}))");
T.equalText("new fee applies", xfer(alice, bob, 1_000, ?10_000, ?"memo-3", ?t1, t1), "#Err(#BadFee({expected_fee = 20_000}))");
s.fee := 10_000;
T.equalText("created in the future", xfer(alice, bob, 1, null, null, ?(t1 + 61_000_000_000), t1), "#Err(#CreatedInFuture({ledger_time = 1_700_003_600_000_000_000}))");
T.equalText("within drift", xfer(alice, bob, 1, null, null, ?(t1 + 59_000_000_000), t1), "#Ok(10)");
let late = t1 + Core.txWindowNs + Core.permittedDriftNs + 1;
T.equalText("too old", xfer(alice, bob, 1_000, null, ?"memo-1", ?t1, late), "#Err(#TooOld)");
T.isTrue("window pruned", s.dedup.size == 1); // only the entry created at t1 + 59 s is left
T.equalText("at the window's edge", xfer(alice, bob, 1, null, null, ?(t1 + 59_000_000_000), late - 1 + 59_000_000_000), "#Err(#Duplicate({duplicate_of = 10}))");

// TemporarilyUnavailable.
s.unavailable := true;
T.equalText("unavailable", xfer(alice, bob, 1, null, null, null, t1), "#Err(#TemporarilyUnavailable)");
s.unavailable := false;

// Approvals.
func approve(amount : Nat, expected : ?Nat, expires : ?Nat64, at : Nat64) : Text {
  debug_show (Core.approve(s, alice, { from_subaccount = null; spender = acct(carol); amount; expected_allowance = expected; expires_at = expires; fee = null; memo = null; created_at_time = null }, at));
};
func spend(to : Principal, amount : Nat, at : Nat64) : Text {
  debug_show (Core.transferFrom(s, carol, { spender_subaccount = null; from = acct(alice); to = acct(to); amount; fee = null; memo = null; created_at_time = null }, at));
};
T.equalText("approve", approve(50_000, null, ?(t1 + hour), t1), "#Ok(11)");
T.equalText("allowance", debug_show (Core.allowance(s, acct(alice), acct(carol), t1)), "{allowance = 50_000; expires_at = ?1_700_007_200_000_000_000}");
T.equalText("allowance changed", approve(1, ?7, null, t1), "#Err(#AllowanceChanged({current_allowance = 50_000}))");
T.equalText("expired approve", approve(1, null, ?t1, t1), "#Err(#Expired({ledger_time = 1_700_003_600_000_000_000}))");
T.equalText("self approval", debug_show (Core.approve(s, alice, { from_subaccount = null; spender = acct(alice); amount = 1; expected_allowance = null; expires_at = null; fee = null; memo = null; created_at_time = null }, t1)), "#Err(#GenericError({error_code = 1; message = \"self approval is not allowed\"}))");
T.equalText("insufficient allowance", spend(bob, 45_000, t1), "#Err(#InsufficientAllowance({allowance = 50_000}))");
let bobBefore = bal(bob);
T.equalText("transfer_from", spend(bob, 30_000, t1), "#Ok(12)");
T.isTrue("allowance reduced by amount and fee", (Core.allowance(s, acct(alice), acct(carol), t1)).allowance == 10_000 and bal(bob) == bobBefore + 30_000);
T.equalText("burn by spender", spend(minter, 10_000, t1), "#Ok(13)");
T.equalText("allowance used up", debug_show (Core.allowance(s, acct(alice), acct(carol), t1)), "{allowance = 0; expires_at = null}");
T.equalText("approve again", approve(70_000, ?0, ?(t1 + hour), t1), "#Ok(14)");
T.equalText("allowance expires", debug_show (Core.allowance(s, acct(alice), acct(carol), t1 + hour)), "{allowance = 0; expires_at = null}");
T.equalText("spend after expiry", spend(bob, 1, t1 + hour), "#Err(#InsufficientAllowance({allowance = 0}))");

T.equalText("transfer_from one's own account needs no approval", debug_show (Core.transferFrom(s, bob, { spender_subaccount = null; from = acct(bob); to = acct(carol); amount = 5; fee = null; memo = null; created_at_time = null }, t1)), "#Ok(15)");

// Supply adds up: every balance comes from the log.
T.isTrue("supply = sum of balances", s.totalSupply == bal(alice) + bal(bob) + bal(carol));


// ICRC-3 blocks: the legacy ICRC-1/2 schema and the hash chain.
let log = Core.getBlocks(s, [{ start = 0; length = 100 }, { start = 3; length = 1 }]);
T.isTrue("log length", log.log_length == 16 and log.blocks.size() == 17);
func field(v : Value.Value, key : Text) : ?Value.Value {
  switch v { case (#Map entries) { for ((k, x) in entries.vals()) if (k == key) return ?x; null }; case _ null };
};
var previous : ?Blob = null;
T.isTrue("second range", log.blocks[16].id == 3);
for ({ id; block } in Array.sliceToArray(log.blocks, 0, 16).vals()) {
  switch (previous) {
    case (?h) T.isTrue("phash of " # debug_show id, field(block, "phash") == ?#Blob h);
    case null T.isTrue("no phash on block 0", field(block, "phash") == null);
  };
  previous := ?Value.hash(block);
};
let op = func(i : Nat) : ?Value.Value = switch (field(log.blocks[i].block, "tx")) { case (?tx) field(tx, "op"); case null null };
T.isTrue("ops", op(0) == ?#Text "mint" and op(1) == ?#Text "xfer" and op(2) == ?#Text "mint" and op(3) == ?#Text "burn" and op(11) == ?#Text "approve" and op(12) == ?#Text "xfer" and op(13) == ?#Text "burn");
T.isTrue("top-level fee when the caller gave none", field(log.blocks[1].block, "fee") == ?#Nat 10_000);
T.isTrue("no top-level fee when tx.fee is given", field(log.blocks[6].block, "fee") == null);
T.isTrue("no btype (legacy schema)", field(log.blocks[1].block, "btype") == null);
T.isTrue(
  "transfer block tx: the caller's arguments only",
  field(log.blocks[4].block, "tx") == ?#Map([
    ("op", #Text "xfer"),
    ("from", #Array([#Blob(Principal.toBlob(alice))])),
    ("to", #Array([#Blob(Principal.toBlob(bob))])),
    ("amt", #Nat 1_000),
    ("memo", #Blob "memo-1"),
    ("ts", #Nat 1_700_003_600_000_000_000),
  ]),
);
let ?(tipIndex, tipHash) = Core.tip(s) else Runtime.trap("no tip");
T.isTrue("tip is the last block", tipIndex == 15 and ?tipHash == previous);

// The tip certificate's tree (vectors built by test.mjs from the IC specification).
T.equalText("tip root", Hex.encode(Certification.rootHash(300, Sha256.hash("x"))), Vectors.tipRoot);
T.equalText("tip tree CBOR", Hex.encode(Certification.hashTree(300, Sha256.hash("x"))), Vectors.tipCbor);
T.done("Ledger");
