/// The rollup's claim rules (rollup/Claims.mo) on real RFC 6962 trees of Candid-encoded receipt
/// leaves, and the leaf format itself.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Nat "mo:core/Nat";
import Nat8 "mo:core/Nat8";
import Nat64 "mo:core/Nat64";
import Principal "mo:core/Principal";
import Merkle "../common/Merkle";
import Hex "../common/Hex";
import Claims "../rollup/Claims";
import Leaf "../rollup/Leaf";
import Types "../rollup/Types";
import T "Testing";

let node1 = Principal.fromText("2vxsx-fae"); // any principals will do; these are well-formed
let node2 = Principal.fromText("aaaaa-aa");
let operator = Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai");
let user = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
let token = Principal.fromText("mxzaz-hqaaa-aaaar-qaada-cai");

func receipt(id : Text, provider : Principal, requester : Principal, task : Text) : Types.ReceiptLeaf {
  {
    network_id = "emc-test";
    receipt_id = id;
    task_id = task;
    provider;
    provider_owner = operator;
    provider_public_key = "\30\2a\30\05";
    requester = { owner = requester; subaccount = null };
    requester_public_key = null;
    workload = "llm-inference";
    gpu_model = "H100";
    gpu_seconds = 120;
    started_at_ns = 1_700_000_000_000_000_000;
    ended_at_ns = 1_700_000_120_000_000_000;
    fee_token = token;
    fee_amount = 1_000_000;
    fee_block = ?48_213;
    result_hash = "\01\02\03";
    receipt_hash = "\aa\bb";
    provider_signature = "\05\06";
    requester_signature = ?"\07\08";
  };
};

// Leaf format: to_candid of the record, which decode reads back.
let a = receipt("r-1", node1, user, "t-1");
let aBytes = Leaf.encode(a);
T.isTrue("leaf starts with DIDL", Array.sliceToArray(Blob.toArray(aBytes), 0, 4) == [0x44, 0x49, 0x44, 0x4c]);
T.isTrue("leaf round trip", Leaf.decode(aBytes) == ?a);
T.isTrue("other Candid is no leaf", Leaf.decode(to_candid ("hello")) == null);
T.isTrue("self-dealing: requester = provider", Leaf.isSelfDealing(receipt("x", node1, node1, "t")));
T.isTrue("self-dealing: requester = provider_owner", Leaf.isSelfDealing(receipt("x", node1, operator, "t")));
T.isTrue("not self-dealing", not Leaf.isSelfDealing(a));

// Batch 1: A, B, C, A' (A' repeats A's provider and receipt id with another task: a duplicate).
// Batch 2: B again (same bytes), S (self-dealing). Batch 3: final. Batch 0: rejected.
let b = receipt("r-2", node1, user, "t-2");
let c = receipt("r-1", node2, user, "t-3"); // same receipt id, another provider: not a duplicate
let a2 = receipt("r-1", node1, user, "t-4");
let s = receipt("r-9", node2, node2, "t-9");
let batch1 = Array.map<Types.ReceiptLeaf, Blob>([a, b, c, a2], Leaf.encode);
let batch2 = Array.map<Types.ReceiptLeaf, Blob>([b, s], Leaf.encode);
let batch3 = Array.map<Types.ReceiptLeaf, Blob>([receipt("r-1", node1, user, "t-1"), s], Leaf.encode);
let batch4 = batch3;

func lookup(seq : Nat64) : ?Claims.BatchView {
  switch seq {
    case 1 ?{ root = Merkle.root(batch1); receipt_count = 4; pending = true; rejected = false };
    case 2 ?{ root = Merkle.root(batch2); receipt_count = 2; pending = true; rejected = false };
    case 3 ?{ root = Merkle.root(batch3); receipt_count = 2; pending = false; rejected = false };
    case 0 ?{ root = Merkle.root(batch4); receipt_count = 2; pending = false; rejected = true };
    case _ null;
  };
};

func leaves(seq : Nat64) : [Blob] = switch seq { case 1 batch1; case 2 batch2; case 3 batch3; case _ batch4 };

func at(seq : Nat64, i : Nat) : Types.ReceiptInBatch {
  { batch = seq; proof = { leaf = leaves(seq)[i]; leaf_index = Nat64.fromNat(i); path = Merkle.auditPath(leaves(seq), i) } };
};

func verdict(claim : Types.Claim) : Text {
  switch (Claims.check(claim, lookup)) {
    case (#ok v) "reject " # Nat64.toText(v.batch);
    case (#err e) debug_show e;
  };
};

T.equalText("duplicate in one batch", verdict(#DuplicateReceipt { first = at(1, 0); second = at(1, 3) }), "reject 1");
T.equalText("duplicate across batches rejects the later", verdict(#DuplicateReceipt { first = at(2, 0); second = at(1, 1) }), "reject 2");
T.equalText("same leaf twice", verdict(#DuplicateReceipt { first = at(1, 0); second = at(1, 0) }), "#NotAViolation({reason = \"both proofs are for the same leaf\"})");
T.equalText("same id, other provider", verdict(#DuplicateReceipt { first = at(1, 0); second = at(1, 2) }), "#NotAViolation({reason = \"the leaves are different receipts\"})");
T.equalText("later batch final", verdict(#DuplicateReceipt { first = at(1, 0); second = at(3, 0) }), "#NotPending({sequence = 3})");
T.equalText("earlier batch rejected", verdict(#DuplicateReceipt { first = at(0, 0); second = at(1, 0) }), "#NotAViolation({reason = \"the other batch is already rejected\"})");
T.equalText("self-dealing", verdict(#SelfDealing(at(2, 1))), "reject 2");
T.equalText("self-dealing in a final batch", verdict(#SelfDealing(at(3, 1))), "#NotPending({sequence = 3})");
T.equalText("honest receipt", verdict(#SelfDealing(at(1, 1))), "#NotAViolation({reason = \"requester is neither the provider nor its owner\"})");
T.equalText("unknown batch", verdict(#SelfDealing { batch = 9; proof = at(2, 1).proof }), "#UnknownBatch({sequence = 9})");

// Proofs that do not lead to the root.
let good = at(2, 1);
T.equalText("proof for another batch", verdict(#SelfDealing { batch = 1; proof = good.proof }), "#InvalidProof");
T.equalText("wrong index", verdict(#SelfDealing { good with proof = { good.proof with leaf_index = 0 : Nat64 } }), "#InvalidProof");
T.equalText("index beyond the tree", verdict(#SelfDealing { good with proof = { good.proof with leaf_index = 2 : Nat64 } }), "#InvalidProof");
T.equalText("no path", verdict(#SelfDealing { good with proof = { good.proof with path = [] : [Blob] } }), "#InvalidProof");
T.equalText("tampered leaf", verdict(#SelfDealing { good with proof = { good.proof with leaf = Leaf.encode(receipt("r-9", node2, node2, "t-X")) } }), "#InvalidProof");
T.equalText("duplicate with a bad second proof", verdict(#DuplicateReceipt { first = at(1, 0); second = { at(1, 3) with batch = 2 : Nat64 } }), "#InvalidProof");

// A committed leaf that is Candid but not a receipt cannot support a claim.
let junk : [Blob] = [to_candid ("not a receipt"), Leaf.encode(s)];
let junkView = func(seq : Nat64) : ?Claims.BatchView = if (seq == 7) ?{ root = Merkle.root(junk); receipt_count = 2; pending = true; rejected = false } else null;
T.isTrue("malformed leaf", Claims.check(#SelfDealing { batch = 7; proof = { leaf = junk[0]; leaf_index = 0; path = Merkle.auditPath(junk, 0) } }, junkView) == #err(#MalformedLeaf));

// The sample leaf in canisters/README.md (Motoko's to_candid layout): a compiler that encodes
// differently shows up here. Other encoders may order the type table differently; any valid Candid
// of the type decodes the same.

// Leaves of the older shape (no provider_public_key, requester_public_key, fee_block), as batches
// posted before the fields existed hold them: no full ReceiptLeaf (provider_public_key is a blob with
// no Candid default), but claims read them, and a receipt repeated in the new shape is a duplicate.
func older(r : Types.ReceiptLeaf) : Blob {
  let v : Types.ClaimedLeaf = {
    network_id = r.network_id; receipt_id = r.receipt_id; task_id = r.task_id; provider = r.provider;
    provider_owner = r.provider_owner; requester = r.requester; workload = r.workload; gpu_model = r.gpu_model;
    gpu_seconds = r.gpu_seconds; started_at_ns = r.started_at_ns; ended_at_ns = r.ended_at_ns; fee_token = r.fee_token;
    fee_amount = r.fee_amount; result_hash = r.result_hash; receipt_hash = r.receipt_hash;
    provider_signature = r.provider_signature; requester_signature = r.requester_signature;
  };
  to_candid (v);
};
let oldA = older(a);
T.isTrue("an older leaf is no full ReceiptLeaf", Leaf.decode(oldA) == null);
T.isTrue("claims read an older leaf", switch (Leaf.decodeClaimed(oldA)) { case (?r) r.receipt_id == "r-1" and r.provider == node1; case null false });
T.isTrue("claims read a new leaf", switch (Leaf.decodeClaimed(aBytes)) { case (?r) r.receipt_id == "r-1" and r.fee_amount == 1_000_000; case null false });
let mixed : [Blob] = [oldA, older(s), aBytes];
let mixedView = func(seq : Nat64) : ?Claims.BatchView = if (seq == 5) ?{ root = Merkle.root(mixed); receipt_count = 3; pending = true; rejected = false } else null;
func mixedAt(i : Nat) : Types.ReceiptInBatch = { batch = 5; proof = { leaf = mixed[i]; leaf_index = Nat64.fromNat(i); path = Merkle.auditPath(mixed, i) } };
T.isTrue("duplicate of an older and a new leaf", Claims.check(#DuplicateReceipt { first = mixedAt(0); second = mixedAt(2) }, mixedView) == #ok { batch = 5; reason = "DuplicateReceipt: receipt r-1 at batch 5 leaf 0 and batch 5 leaf 2" });
T.isTrue("self-dealing older leaf", Claims.check(#SelfDealing(mixedAt(1)), mixedView) == #ok { batch = 5; reason = "SelfDealing: receipt r-9 at batch 5 leaf 1" });

// Bytes that are not Candid are no leaf (from_candid would trap on them): not Candid at all, every
// truncation of a leaf, a leaf with a byte after it, and every single-byte change of a leaf decode to
// a value or to null, never a trap.
T.isTrue("not Candid", Leaf.decode("not candid") == null and Leaf.decodeClaimed("not candid") == null);
let aArray = Blob.toArray(aBytes);
for (n in Nat.range(0, aArray.size())) {
  T.isTrue("truncated leaf " # Nat.toText(n), Leaf.decode(Blob.fromArray(Array.sliceToArray(aArray, 0, n))) == null);
};
T.isTrue("a byte after the leaf", Leaf.decode(Blob.fromArray(Array.concat(aArray, [0 : Nat8]))) == null);
var changedDecoded = 0;
for (i in Nat.range(0, aArray.size())) {
  for (x in [0x00, 0x01, 0x7f, 0x80, 0xff].vals()) {
    let changed = Blob.fromArray(Array.tabulate<Nat8>(aArray.size(), func j = if (j == i) Nat8.fromNat(x) else aArray[j]));
    if (Leaf.decode(changed) != null) changedDecoded += 1;
  };
};
T.isTrue("some changed leaves still decode (the check is no blanket refusal)", changedDecoded > 0);
let notCandid : [Blob] = ["not candid", aBytes];
let notCandidView = func(seq : Nat64) : ?Claims.BatchView = if (seq == 6) ?{ root = Merkle.root(notCandid); receipt_count = 2; pending = true; rejected = false } else null;
T.isTrue("a claim on bytes that are not Candid", Claims.check(#SelfDealing { batch = 6; proof = { leaf = notCandid[0]; leaf_index = 0; path = Merkle.auditPath(notCandid, 0) } }, notCandidView) == #err(#MalformedLeaf));

T.equalText("sample leaf bytes", Hex.encode(aBytes), "4449444c056c14b0c3ea5b02808286a90168f7b0a1b40171fcd2dbb70103ece9ebda010493a5b7e80178d597bbf30171b1e2e7990268c2b0c3b10271aaaec79804028c9c85a70671f1b3adda0a7de596f9950b68f5a7f7ac0b02d4e6c9af0b018c86c4800d7896bc87f60e71b5f6f8960f04acccb2b50f78d79ebfc20f026e7d6d7b6c02b3b0dac30368ad86ca8305046e02010003010203010a000000000230000601010d6c6c6d2d696e666572656e6365010a00000000000000020101000000002a36fe9c971703742d3101010403722d3102050608656d632d74657374c0843d010a0000000000000001010102aabb01d5f80200b0b8261a9d9717044831303001020708780000000000000004302a3005");
T.done("Rollup");
