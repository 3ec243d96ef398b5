/// A bounded structural check of a Candid message (the "DIDL" header, the type table, the argument
/// types and every value), so that a canister can refuse bytes that are not Candid before it hands them
/// to `from_candid`: Motoko's deserializer traps on those, which would reject the whole call.
///
/// It accepts the data types a message of plain values uses (primitives, opt, vec, record, variant,
/// principal) and refuses reference types (func, service) and future types, which no receipt leaf
/// holds. Work is bounded by the input: at most `stepsPerByte` value steps per byte (zero-sized values
/// such as a vec of null cost a step each) and a nesting depth of `maxDepth`.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Int "mo:core/Int";
import Nat8 "mo:core/Nat8";
import Text "mo:core/Text";
import VarArray "mo:core/VarArray";

module {
  let maxDepth = 64;
  let stepsPerByte = 4;
  let maxPrincipalBytes = 29;

  type Entry = {
    #opt : Int;
    #vec : Int;
    #record : [Int];
    #variant : [Int];
  };

  /// True when `bytes` is one complete Candid message of data values that the checks above allow.
  public func isWellFormed(bytes : Blob) : Bool {
    let b = Blob.toArray(bytes);
    let size = b.size();
    var pos = 0;
    var steps = 0;
    let budget = stepsPerByte * size + 64;

    func byte() : ?Nat {
      if (pos >= size) return null;
      let x = b[pos];
      pos += 1;
      ?Nat8.toNat(x);
    };

    // LEB128 for counts, lengths, ids and indexes: at most 5 bytes (values below 2^35), plenty for
    // anything that must fit in the message.
    func leb() : ?Nat {
      var value = 0;
      var scale = 1;
      var i = 0;
      while (i < 5) {
        let ?x = byte() else return null;
        value += (x % 128) * scale;
        if (x < 128) return ?value;
        scale *= 128;
        i += 1;
      };
      null;
    };

    // SLEB128 type codes and references, again at most 5 bytes.
    func sleb() : ?Int {
      var value : Int = 0;
      var scale : Int = 1;
      var i = 0;
      while (i < 5) {
        let ?x = byte() else return null;
        value += (x % 128) * scale;
        scale *= 128;
        if (x < 128) return ?(if (x >= 64) value - scale else value);
        i += 1;
      };
      null;
    };

    // A nat or int value of any length: continuation bytes until one below 0x80.
    func skipLeb() : Bool {
      loop {
        let ?x = byte() else return false;
        if (x < 128) return true;
      };
    };

    func skip(n : Nat) : Bool {
      if (pos + n > size) return false;
      pos += n;
      true;
    };

    // Magic.
    if (size < 4 or b[0] != 0x44 or b[1] != 0x49 or b[2] != 0x44 or b[3] != 0x4c) return false;
    pos := 4;

    // Type table: each entry takes at least one byte, so the count is bounded by the input.
    let ?count = leb() else return false;
    if (pos + count > size) return false;
    let table = VarArray.repeat<Entry>(#opt(-1), count);

    func validRef(t : Int) : Bool {
      (t >= 0 and t < count) or (t <= -1 and t >= -17) or t == -24;
    };

    func fields() : ?[Int] {
      let ?n = leb() else return null;
      if (pos + n > size) return null;
      let types = VarArray.repeat<Int>(0, n);
      var last : Int = -1;
      var i = 0;
      while (i < n) {
        let ?id = leb() else return null;
        if (id <= last or id > 0xFFFF_FFFF) return null; // 32-bit field ids, strictly increasing
        last := id;
        let ?t = sleb() else return null;
        if (not validRef(t)) return null;
        types[i] := t;
        i += 1;
      };
      ?VarArray.toArray(types);
    };

    var e = 0;
    while (e < count) {
      let ?code = sleb() else return false;
      let entry : Entry = if (code == -18 or code == -19) {
        let ?t = sleb() else return false;
        if (not validRef(t)) return false;
        if (code == -18) #opt(t) else #vec(t);
      } else if (code == -20) {
        let ?fs = fields() else return false;
        #record(fs);
      } else if (code == -21) {
        let ?fs = fields() else return false;
        #variant(fs);
      } else return false; // func, service, future or primitive codes
      table[e] := entry;
      e += 1;
    };

    let ?args = leb() else return false;
    if (pos + args > size) return false;
    let argTypes = VarArray.repeat<Int>(0, args);
    var a = 0;
    while (a < args) {
      let ?t = sleb() else return false;
      if (not validRef(t)) return false;
      argTypes[a] := t;
      a += 1;
    };

    func value(t : Int, depth : Nat) : Bool {
      steps += 1;
      if (steps > budget or depth > maxDepth) return false;
      if (t >= 0) {
        return switch (table[Int.abs(t)]) {
          case (#opt inner) {
            switch (byte()) {
              case (?0) true;
              case (?1) value(inner, depth + 1);
              case _ false;
            };
          };
          case (#vec inner) {
            let ?n = leb() else return false;
            if (steps + n > budget) return false;
            if (inner == -5) return skip(n); // blob
            var i = 0;
            while (i < n) {
              if (not value(inner, depth + 1)) return false;
              i += 1;
            };
            true;
          };
          case (#record types) {
            for (f in types.vals()) if (not value(f, depth + 1)) return false;
            true;
          };
          case (#variant types) {
            let ?i = leb() else return false;
            i < types.size() and value(types[i], depth + 1);
          };
        };
      };
      switch t {
        case (-1 or -16) true; // null, reserved
        case (-2) { let ?x = byte() else return false; x <= 1 };
        case (-3 or -4) skipLeb();
        case (-5 or -9) skip(1);
        case (-6 or -10) skip(2);
        case (-7 or -11 or -13) skip(4);
        case (-8 or -12 or -14) skip(8);
        case (-15) {
          let ?n = leb() else return false;
          if (pos + n > size) return false;
          let start = pos;
          pos += n;
          Text.decodeUtf8(Blob.fromArray(Array.sliceToArray(b, start, pos))) != null;
        };
        case (-24) {
          let ?tag = byte() else return false;
          if (tag != 1) return false; // 0 is an opaque reference, which plain data never holds
          let ?n = leb() else return false;
          n <= maxPrincipalBytes and skip(n);
        };
        case _ false; // empty has no values
      };
    };

    for (t in argTypes.vals()) if (not value(t, 0)) return false;
    pos == size;
  };
};
