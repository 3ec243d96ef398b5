/// RFC 6962 / RFC 9162 Merkle trees over SHA-256, as the bridge commits its batches:
/// leaf hash = SHA-256(0x00 ‖ data), node hash = SHA-256(0x01 ‖ left ‖ right); a tree of n leaves
/// splits at the largest power of two smaller than n, so an odd leaf is promoted, never duplicated
/// (Bitcoin's duplication allows two different leaf lists with one root; this form does not).
import Array "mo:core/Array";
import Sha256 "Sha256";

module {
  public func leafHash(data : Blob) : Blob = Sha256.hashAll(["\00", data]);

  public func nodeHash(left : Blob, right : Blob) : Blob = Sha256.hashAll(["\01", left, right]);

  /// The root that an audit path implies for a leaf hash at `leafIndex` in a tree of `treeSize`
  /// leaves: the verification algorithm of RFC 9162 section 2.1.3.2. Null when the path cannot
  /// belong to such a tree (index out of range, too short or too long, a node not 32 bytes).
  public func rootFromPath(leafIndex : Nat, treeSize : Nat, leaf : Blob, path : [Blob]) : ?Blob {
    if (leafIndex >= treeSize) return null;
    var fn = leafIndex;
    var sn : Nat = treeSize - 1;
    var r = leaf;
    for (p in path.vals()) {
      if (sn == 0 or p.size() != 32) return null;
      if (fn % 2 == 1 or fn == sn) {
        r := nodeHash(p, r);
        // A right edge that has no sibling at this level: climb until fn is a right child.
        while (fn % 2 == 0 and fn != 0) {
          fn /= 2;
          sn /= 2;
        };
      } else {
        r := nodeHash(r, p);
      };
      fn /= 2;
      sn /= 2;
    };
    if (sn != 0) return null;
    ?r;
  };

  /// Whether `path` proves that `data` is leaf `leafIndex` of the tree of `treeSize` leaves with
  /// root `root`.
  public func verifyInclusion(data : Blob, leafIndex : Nat, treeSize : Nat, path : [Blob], root : Blob) : Bool {
    switch (rootFromPath(leafIndex, treeSize, leafHash(data), path)) {
      case (?r) r == root;
      case null false;
    };
  };

  /// The Merkle tree hash of a list of leaves (MTH in RFC 6962 section 2.1). The empty tree's
  /// hash is SHA-256 of nothing. Used by tests and tools, not by the canisters' update paths.
  public func root(leaves : [Blob]) : Blob {
    let n = leaves.size();
    if (n == 0) return Sha256.hash("");
    if (n == 1) return leafHash(leaves[0]);
    var k = 1;
    while (k * 2 < n) k *= 2;
    nodeHash(root(Array.sliceToArray(leaves, 0, k)), root(Array.sliceToArray(leaves, k, n)));
  };

  /// The RFC 6962 audit path (PATH in section 2.1.1) of leaf `index` among `leaves`, sibling first.
  /// Used by tests and tools.
  public func auditPath(leaves : [Blob], index : Nat) : [Blob] {
    let n = leaves.size();
    if (n <= 1) return [];
    var k = 1;
    while (k * 2 < n) k *= 2;
    if (index < k) {
      Array.concat(auditPath(Array.sliceToArray(leaves, 0, k), index), [root(Array.sliceToArray(leaves, k, n))]);
    } else {
      Array.concat(auditPath(Array.sliceToArray(leaves, k, n), index - k), [root(Array.sliceToArray(leaves, 0, k))]);
    };
  };
};
