/// RFC 6962 proofs against trees of 1..7 leaves that test.mjs computes with Node's crypto: every
/// leaf's audit path verifies, and tampering with the index, size, leaf, path or root fails.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Nat "mo:core/Nat";
import Option "mo:core/Option";
import Text "mo:core/Text";
import Merkle "../common/Merkle";
import Hex "../common/Hex";
import T "Testing";
import Vectors "Vectors";

func unhex(t : Text) : Blob = Option.unwrap(Hex.decode(t));
func leaf(i : Nat) : Blob = Text.encodeUtf8("leaf " # Nat.toText(i));

for (tree in Vectors.trees.vals()) {
  let n = tree.size;
  let root = unhex(tree.root);
  let name = "tree " # Nat.toText(n);
  T.equalText(name # " root", Hex.encode(Merkle.root(Array.tabulate<Blob>(n, leaf))), tree.root);
  for (i in Nat.range(0, n)) {
    let path = Array.map<Text, Blob>(tree.paths[i], unhex);
    let at = name # " leaf " # Nat.toText(i);
    T.equalText(at # " auditPath", debug_show (Merkle.auditPath(Array.tabulate<Blob>(n, leaf), i)), debug_show path);
    T.isTrue(at # " verifies", Merkle.verifyInclusion(leaf(i), i, n, path, root));
    T.isTrue(at # " wrong leaf", not Merkle.verifyInclusion(leaf(i + 1), i, n, path, root));
    T.isTrue(at # " index = size", not Merkle.verifyInclusion(leaf(i), n, n, path, root));
    // No "other tree size" negative: a path can be valid for several sizes with the same root
    // (leaf 0 of 3 and of 4 climb alike), which is why the rollup takes the size from the header.
    if (n > 1) {
      T.isTrue(at # " other index", not Merkle.verifyInclusion(leaf(i), (i + 1) % n, n, path, root));
      T.isTrue(at # " short path", not Merkle.verifyInclusion(leaf(i), i, n, Array.sliceToArray(path, 0, path.size() - 1), root));
      T.isTrue(at # " wrong root", not Merkle.verifyInclusion(leaf(i), i, n, path, Merkle.leafHash("x")));
    };
    T.isTrue(at # " long path", not Merkle.verifyInclusion(leaf(i), i, n, Array.concat(path, [root]), root));
    // The leaf is hashed with the 0x00 prefix: an interior node can never pass for a leaf.
    T.isTrue(at # " raw data as hash", Merkle.rootFromPath(i, n, leaf(i), path) != ?root);
  };
};
T.equalText("empty tree", Hex.encode(Merkle.root([])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
T.done("Merkle");
