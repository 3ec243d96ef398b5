/// Receipt leaves from another Candid encoder (@icp-sdk/core, in test.mjs) decode in Motoko as the
/// canister decodes them, and a claim with a JavaScript-built RFC 6962 proof over them succeeds.
import Array "mo:core/Array";
import Option "mo:core/Option";
import Principal "mo:core/Principal";
import Hex "../common/Hex";
import Claims "../rollup/Claims";
import Leaf "../rollup/Leaf";
import T "Testing";
import Vectors "Vectors";

func unhex(t : Text) : Blob = Option.unwrap(Hex.decode(t));
let leaves = Array.map<Text, Blob>(Vectors.jsLeaves, unhex);

switch (Leaf.decode(leaves[0])) {
  case (?r) {
    T.equalText("receipt_id", r.receipt_id, "x-1");
    T.isTrue("provider", r.provider == Principal.fromText("2vxsx-fae"));
    T.isTrue("nat beyond 64 bits", r.fee_amount == 123456789012345678901234567890 and r.fee_block == ?18446744073709551616);
    T.isTrue("public keys", r.provider_public_key.size() == 44 and r.requester_public_key != null);
    T.isTrue("subaccount", r.requester.subaccount != null and r.requester_signature == null);
    T.isTrue("not self-dealing", not Leaf.isSelfDealing(r));
  };
  case null T.isTrue("JavaScript leaf decodes", false);
};

let view = func(seq : Nat64) : ?Claims.BatchView = if (seq == 1) ?{ root = unhex(Vectors.jsRoot); receipt_count = 3; pending = true; rejected = false } else null;
let path = Array.map<Text, Blob>(Vectors.jsPath2, unhex);
T.equalText(
  "claim with a JavaScript proof",
  debug_show (Claims.check(#SelfDealing { batch = 1; proof = { leaf = leaves[2]; leaf_index = 2; path } }, view)),
  "#ok({batch = 1; reason = \"SelfDealing: receipt x-3 at batch 1 leaf 2\"})",
);
T.done("Interop");
