/// The rollup's registry rules (rollup/Registry.mo) with chosen callers and clocks: batch sequencing
/// and idempotence, header validation, status over the challenge window, claims rejecting a batch,
/// epochs over final batches, and configuration.
import Blob "mo:core/Blob";
import Nat64 "mo:core/Nat64";
import Principal "mo:core/Principal";
import Text "mo:core/Text";
import Merkle "../common/Merkle";
import Sha256 "../common/Sha256";
import Leaf "../rollup/Leaf";
import Registry "../rollup/Registry";
import Types "../rollup/Types";
import T "Testing";

let poster = Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai");
let owner = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
let stranger = Principal.fromText("mxzaz-hqaaa-aaaar-qaada-cai");
let node = Principal.fromText("2vxsx-fae");
let window : Nat64 = 1_000;
let t0 : Nat64 = 1_000_000;

func blobText(b : Blob) : Text { let t = debug_show b; Text.trimStart(Text.trimEnd(t, #char '\"'), #char '\"') };

let s = Registry.create({ poster; challenge_window_ns = window; owner });

func receipt(id : Text, requester : Principal) : Types.ReceiptLeaf {
  {
    network_id = "emc-test"; receipt_id = id; task_id = "t-" # id; provider = node; provider_owner = owner;
    provider_public_key = ""; requester = { owner = requester; subaccount = null }; requester_public_key = null; workload = "w"; gpu_model = "H100"; gpu_seconds = 1;
    started_at_ns = 0; ended_at_ns = 1; fee_token = stranger; fee_amount = 5; fee_block = null; result_hash = ""; receipt_hash = "";
    provider_signature = ""; requester_signature = null;
  };
};

// Batch 1 holds an honest and a self-dealing receipt; batch 2 two honest ones.
let leaves1 = [Leaf.encode(receipt("a", stranger)), Leaf.encode(receipt("b", node))];
let leaves2 = [Leaf.encode(receipt("c", stranger)), Leaf.encode(receipt("d", stranger))];

func header(seq : Nat64, prev : Blob, leaves : [Blob]) : Types.BatchHeader {
  {
    sequence = seq; previous_root = prev; root = Merkle.root(leaves); receipt_count = Nat64.fromNat(leaves.size());
    total_fees = 10; total_gpu_seconds = 2; window_start_ns = 0; window_end_ns = 900;
  };
};
let h1 = header(1, Registry.zeroRoot, leaves1);
let h2 = header(2, h1.root, leaves2);
func submit(caller : Principal, h : Types.BatchHeader, at : Nat64) : Text = debug_show (Registry.submitBatch(s, caller, h, at));

T.equalText("not the poster", submit(stranger, h1, t0), "#Err(#Unauthorized)");
T.equalText("gap before the first", submit(poster, h2, t0), "#Err(#OutOfOrder({expected = 1}))");
T.equalText("first batch", submit(poster, h1, t0), "#Ok(1)");
T.equalText("same header again is a no-op", submit(poster, h1, t0 + 5), "#Ok(1)");
T.isTrue("no-op kept the first submission", (switch (Registry.getBatch(s, 1, t0)) { case (?b) b.submitted_at_ns == t0; case null false }));
T.equalText("another header for 1", submit(poster, { h1 with total_fees = 11 }, t0), "#Err(#Conflict)");
T.equalText("gap", submit(poster, { h2 with sequence = 3 : Nat64 }, t0), "#Err(#OutOfOrder({expected = 2}))");
T.equalText("previous root mismatch", submit(poster, { h2 with previous_root = Registry.zeroRoot }, t0), "#Err(#PreviousRootMismatch({expected = \"" # blobText(h1.root) # "\"}))");
T.equalText("short root", submit(poster, { h2 with root = "\01" : Blob }, t0), "#Err(#InvalidHeader({reason = \"root must be 32 bytes\"}))");
T.equalText("window order", submit(poster, { h2 with window_start_ns = 901 : Nat64 }, t0), "#Err(#InvalidHeader({reason = \"window_start_ns is after window_end_ns\"}))");
T.equalText("empty batch", submit(poster, { h2 with receipt_count = 0 : Nat64 }, t0), "#Err(#InvalidHeader({reason = \"a batch has at least one receipt\"}))");
T.equalText("second batch", submit(poster, h2, t0 + 500), "#Ok(2)");
T.isTrue("last root", Registry.lastRoot(s) == h2.root and s.lastSequence == 2);

func status(seq : Nat64, at : Nat64) : Text = switch (Registry.getBatch(s, seq, at)) { case (?b) debug_show b.status; case null "none" };
T.equalText("pending", status(1, t0 + 999), "#Pending({final_after_ns = 1_001_000})");
T.equalText("final at the end of the window", status(1, t0 + 1_000), "#Final");
T.equalText("unknown batch", status(9, t0), "none");

// Epochs wait for finality.
let e1 : Types.EpochHeader = { epoch = 1; first_batch = 1; last_batch = 2; distribution_root = Sha256.hash("d1"); total_payout = 7; token = stranger };
func epoch(caller : Principal, e : Types.EpochHeader, at : Nat64) : Text = debug_show (Registry.submitEpoch(s, caller, e, at));
T.equalText("epoch: not the poster", epoch(stranger, e1, t0 + 5_000), "#Err(#Unauthorized)");
T.equalText("epoch over a pending batch", epoch(poster, e1, t0 + 1_200), "#Err(#BatchNotFinal({sequence = 2}))");
T.equalText("epoch over a missing batch", epoch(poster, { e1 with last_batch = 3 : Nat64 }, t0 + 5_000), "#Err(#UnknownBatch({sequence = 3}))");
T.equalText("epoch not starting at 1", epoch(poster, { e1 with first_batch = 2 : Nat64 }, t0 + 5_000), "#Err(#NotContiguous({expected_first_batch = 1}))");
T.equalText("epoch 2 first", epoch(poster, { e1 with epoch = 2 : Nat64 }, t0 + 5_000), "#Err(#OutOfOrder({expected = 1}))");

// A claim while pending rejects batch 1 (the self-dealing receipt "b" is leaf 1).
let proof = { leaf = leaves1[1]; leaf_index = 1 : Nat64; path = Merkle.auditPath(leaves1, 1) };
T.equalText("claim", debug_show (Registry.submitClaim(s, #SelfDealing { batch = 1; proof }, t0 + 999)), "#Ok({reason = \"SelfDealing: receipt b at batch 1 leaf 1\"; rejected_batch = 1})");
T.equalText("rejected", status(1, t0 + 5_000), "#Rejected({reason = \"SelfDealing: receipt b at batch 1 leaf 1\"})");
T.equalText("claim again", debug_show (Registry.submitClaim(s, #SelfDealing { batch = 1; proof }, t0 + 999)), "#Err(#NotPending({sequence = 1}))");
T.equalText("claim after the window", debug_show (Registry.submitClaim(s, #SelfDealing { batch = 2; proof = { leaf = leaves2[0]; leaf_index = 0 : Nat64; path = Merkle.auditPath(leaves2, 0) } }, t0 + 5_000)), "#Err(#NotAViolation({reason = \"requester is neither the provider nor its owner\"}))");

// Epoch 1 covers the rejected batch 1 (it pays nothing) and the final batch 2.
T.equalText("epoch 1", epoch(poster, e1, t0 + 5_000), "#Ok");
T.equalText("epoch 1 again", epoch(poster, e1, t0 + 6_000), "#Ok");
T.equalText("another epoch 1", epoch(poster, { e1 with total_payout = 8 }, t0 + 6_000), "#Err(#Conflict)");
T.equalText("epoch 2 must start at batch 3", epoch(poster, { e1 with epoch = 2 : Nat64; first_batch = 2 : Nat64 }, t0 + 6_000), "#Err(#NotContiguous({expected_first_batch = 3}))");
T.equalText("empty epoch 2", epoch(poster, { e1 with epoch = 2 : Nat64; first_batch = 3 : Nat64; last_batch = 2 : Nat64 }, t0 + 6_000), "#Ok");
T.equalText("short distribution root", epoch(poster, { e1 with epoch = 3 : Nat64; first_batch = 3 : Nat64; last_batch = 2 : Nat64; distribution_root = "\00" : Blob }, t0 + 6_000), "#Err(#InvalidEpoch({reason = \"distribution_root must be 32 bytes\"}))");
T.isTrue("get epoch", Registry.getEpoch(s, 1) == ?e1 and s.lastEpoch == 2);

// Configuration: the owner moves the poster; the window applies to later batches only.
T.equalText("config by a stranger", debug_show (Registry.updateConfig(s, stranger, { poster = ?stranger; challenge_window_ns = null; owner = null })), "#Err(#Unauthorized)");
T.equalText("config by the owner", debug_show (Registry.updateConfig(s, owner, { poster = ?stranger; challenge_window_ns = ?50; owner = null })), "#Ok");
let h3 = header(3, h2.root, leaves1);
T.equalText("old poster", submit(poster, h3, t0 + 7_000), "#Err(#Unauthorized)");
T.equalText("new poster", submit(stranger, h3, t0 + 7_000), "#Ok(3)");
T.equalText("new window", status(3, t0 + 7_000), "#Pending({final_after_ns = 1_007_050})");
T.equalText("old batches keep theirs", status(2, t0 + 1_499), "#Pending({final_after_ns = 1_001_500})");
T.done("Registry");

