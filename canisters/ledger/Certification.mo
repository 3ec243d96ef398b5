/// The ICRC-3 tip certificate: a hash tree with two labeled leaves, last_block_hash and
/// last_block_index (LEB128), whose root hash is the canister's certified data. The IC certificate
/// signs certified_data; the client rebuilds the root from `hash_tree` (CBOR, IC interface
/// specification "Certification", "Encoding of certificates") and compares.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Nat8 "mo:core/Nat8";
import Sha256 "../common/Sha256";
import Value "../common/Value";

module {
  // Domain separators: one length byte, then the name.
  let leafSep : Blob = "\10ic-hashtree-leaf";
  let labeledSep : Blob = "\13ic-hashtree-labeled";
  let forkSep : Blob = "\10ic-hashtree-fork";

  let hashLabel : Blob = "last_block_hash";
  let indexLabel : Blob = "last_block_index";

  func leaf(v : Blob) : Blob = Sha256.hashAll([leafSep, v]);
  func labeled(l : Blob, t : Blob) : Blob = Sha256.hashAll([labeledSep, l, t]);
  func fork(a : Blob, b : Blob) : Blob = Sha256.hashAll([forkSep, a, b]);

  /// The root hash of fork(labeled("last_block_hash", leaf(hash)), labeled("last_block_index",
  /// leaf(leb128(index)))): labels in a fork are sorted, and "..._hash" < "..._index".
  public func rootHash(lastIndex : Nat, lastHash : Blob) : Blob {
    fork(labeled(hashLabel, leaf(lastHash)), labeled(indexLabel, leaf(Value.leb128(lastIndex))));
  };

  func bytes(b : Blob) : [Nat8] {
    let n = b.size();
    let head : [Nat8] = if (n < 24) [0x40 + Nat8.fromNat(n)] else if (n < 256) [0x58, Nat8.fromNat(n)] else [0x59, Nat8.fromNat(n / 256), Nat8.fromNat(n % 256)];
    Array.concat(head, Blob.toArray(b));
  };

  /// CBOR of the same tree, with the self-describe tag 55799: fork = [1, l, r], labeled =
  /// [2, label, t], leaf = [3, bytes].
  public func hashTree(lastIndex : Nat, lastHash : Blob) : Blob {
    let leafNode = func(v : Blob) : [Nat8] = Array.concat<Nat8>([0x82, 0x03], bytes(v));
    let labeledNode = func(l : Blob, t : [Nat8]) : [Nat8] = Array.flatten<Nat8>([[0x83, 0x02], bytes(l), t]);
    Blob.fromArray(
      Array.flatten<Nat8>([
        [0xd9, 0xd9, 0xf7, 0x83, 0x01],
        labeledNode(hashLabel, leafNode(lastHash)),
        labeledNode(indexLabel, leafNode(Value.leb128(lastIndex))),
      ])
    );
  };
};
