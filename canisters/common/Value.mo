/// The ICRC-3 `Value` and its representation-independent hash (ICRC-3, "Value Hash", which is the
/// IC's hashing of structured data): blobs and texts hash their bytes, Nat its LEB128, Int its
/// SLEB128, an Array the concatenation of its elements' hashes, a Map the concatenation of its
/// (hash(key) ‖ hash(value)) pairs sorted lexicographically.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Int "mo:core/Int";
import List "mo:core/List";
import Nat "mo:core/Nat";
import Nat8 "mo:core/Nat8";
import Text "mo:core/Text";
import Sha256 "Sha256";

module {
  public type Value = {
    #Blob : Blob;
    #Text : Text;
    #Nat : Nat;
    #Int : Int;
    #Array : [Value];
    #Map : [(Text, Value)];
  };

  /// Unsigned LEB128: 7 bits a byte, least significant first, high bit set on all but the last.
  public func leb128(n : Nat) : Blob {
    let out = List.empty<Nat8>();
    var rest = n;
    loop {
      let low = Nat8.fromNat(rest % 128);
      rest /= 128;
      if (rest == 0) {
        List.add(out, low);
        return Blob.fromArray(List.toArray(out));
      };
      List.add(out, low | 0x80);
    };
  };

  /// Signed LEB128 (two's complement): stop when the remaining value is all sign bits and the sign
  /// bit (0x40) of the last byte agrees.
  public func sleb128(i : Int) : Blob {
    let out = List.empty<Nat8>();
    var rest = i;
    loop {
      // Int.rem and Int.div round toward zero; floor division keeps two's-complement digits.
      let low = Int.abs(((rest % 128) + 128) % 128);
      rest := (rest - low) / 128;
      let done = (rest == 0 and low < 64) or (rest == -1 and low >= 64);
      if (done) {
        List.add(out, Nat8.fromNat(low));
        return Blob.fromArray(List.toArray(out));
      };
      List.add(out, Nat8.fromNat(low) | 0x80);
    };
  };

  func concat(a : Blob, b : Blob) : Blob = Blob.fromArray(Array.concat(Blob.toArray(a), Blob.toArray(b)));

  public func hash(value : Value) : Blob {
    switch value {
      case (#Blob b) Sha256.hash(b);
      case (#Text t) Sha256.hash(Text.encodeUtf8(t));
      case (#Nat n) Sha256.hash(leb128(n));
      case (#Int i) Sha256.hash(sleb128(i));
      case (#Array items) Sha256.hashAll(Array.map<Value, Blob>(items, hash));
      case (#Map entries) {
        let pairs = Array.map<(Text, Value), Blob>(entries, func((k, v)) = concat(Sha256.hash(Text.encodeUtf8(k)), hash(v)));
        // hash(key) ‖ hash(value) as one blob: sorting those sorts the pairs lexicographically.
        Sha256.hashAll(Array.sort<Blob>(pairs, Blob.compare));
      };
    };
  };
};
