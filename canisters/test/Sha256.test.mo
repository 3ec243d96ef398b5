/// SHA-256 against the FIPS 180-4 / NIST example vectors (the expected digests are the published
/// ones; test.mjs also checks them against Node's crypto before the run).
import Debug "mo:core/Debug";
import Text "mo:core/Text";
import Blob "mo:core/Blob";
import Nat8 "mo:core/Nat8";
import VarArray "mo:core/VarArray";
import Sha256 "../common/Sha256";
import Hex "../common/Hex";
import T "Testing";
import Vectors "Vectors";

func check(name : Text, input : Blob, expected : Text) {
  T.equalText(name, Hex.encode(Sha256.hash(input)), expected);
};

check("empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
check("abc", Text.encodeUtf8("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
check("448-bit", Text.encodeUtf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
check("896-bit", Text.encodeUtf8("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
check("one million a", Blob.fromVarArray(VarArray.repeat<Nat8>(0x61, 1_000_000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

// Block boundaries: 55, 56, 63, 64, 65 bytes exercise the padding cases.
for ((n, expected) in Vectors.sha256Lengths.vals()) {
  check("zeros " # debug_show n, Blob.fromVarArray(VarArray.repeat<Nat8>(0, n)), expected);
};

// Incremental writes equal the one-shot hash.
do {
  let d = Sha256.Digest();
  d.writeBlob(Text.encodeUtf8("abcdbcdecdefdefgefghfghighij"));
  d.writeBlob(Text.encodeUtf8("hijkijkljklmklmnlmnomnopnopq"));
  T.equalText("incremental", Hex.encode(d.sum()), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
};
T.equalText("hashAll", Hex.encode(Sha256.hashAll(["a", "b", "c"])), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

T.done("Sha256");
