/// Lower-case hexadecimal encoding of bytes, for messages, tests and logs.
import Blob "mo:core/Blob";
import Nat8 "mo:core/Nat8";
import Text "mo:core/Text";
import Char "mo:core/Char";
import Nat32 "mo:core/Nat32";
import VarArray "mo:core/VarArray";

module {
  let digits : [Char] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'];

  public func encode(data : Blob) : Text {
    var out = "";
    for (b in data.vals()) {
      out #= Char.toText(digits[Nat8.toNat(b / 16)]) # Char.toText(digits[Nat8.toNat(b % 16)]);
    };
    out;
  };

  func nibble(c : Char) : ?Nat8 {
    let n = Char.toNat32(c);
    if (n >= 48 and n <= 57) return ?Nat8.fromNat(Nat32.toNat(n - 48));
    if (n >= 97 and n <= 102) return ?Nat8.fromNat(Nat32.toNat(n - 87));
    if (n >= 65 and n <= 70) return ?Nat8.fromNat(Nat32.toNat(n - 55));
    null;
  };

  /// Decodes hexadecimal text (either case); null when the text is not an even number of hex digits.
  public func decode(text : Text) : ?Blob {
    let chars = Text.toArray(text);
    if (chars.size() % 2 != 0) return null;
    let out = VarArray.repeat<Nat8>(0, chars.size() / 2);
    var i = 0;
    while (i < out.size()) {
      switch (nibble(chars[2 * i]), nibble(chars[2 * i + 1])) {
        case (?h, ?l) { out[i] := h * 16 + l };
        case _ { return null };
      };
      i += 1;
    };
    ?Blob.fromVarArray(out);
  };
};
