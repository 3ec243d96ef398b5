/// SHA-256 (FIPS 180-4). The core library has no cryptographic hash, and the bridge needs one for
/// RFC 6962 Merkle proofs, certified data and ICRC-3 block hashes.
///
/// `Digest` is incremental (write any number of pieces, then `sum`); `hash` and `hashAll` are the
/// one-shot forms. Only whole bytes are supported (no bit-length messages), which is all we need.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Nat8 "mo:core/Nat8";
import Nat32 "mo:core/Nat32";
import Nat64 "mo:core/Nat64";
import VarArray "mo:core/VarArray";

module {
  let K : [Nat32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ];

  let H0 : [Nat32] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ];

  /// An incremental SHA-256 computation.
  public class Digest() {
    let state : [var Nat32] = Array.toVarArray<Nat32>(H0);
    let buffer : [var Nat8] = VarArray.repeat<Nat8>(0, 64);
    let w : [var Nat32] = VarArray.repeat<Nat32>(0, 64);
    var buffered : Nat = 0;
    var length : Nat64 = 0; // bytes written so far

    func compress() {
      var t = 0;
      while (t < 16) {
        let j = t * 4;
        w[t] := (Nat32.fromNat8(buffer[j]) << 24) | (Nat32.fromNat8(buffer[j + 1]) << 16) | (Nat32.fromNat8(buffer[j + 2]) << 8) | Nat32.fromNat8(buffer[j + 3]);
        t += 1;
      };
      while (t < 64) {
        let x = w[t - 15];
        let y = w[t - 2];
        let s0 = (x <>> 7) ^ (x <>> 18) ^ (x >> 3);
        let s1 = (y <>> 17) ^ (y <>> 19) ^ (y >> 10);
        w[t] := w[t - 16] +% s0 +% w[t - 7] +% s1;
        t += 1;
      };
      var a = state[0];
      var b = state[1];
      var c = state[2];
      var d = state[3];
      var e = state[4];
      var f = state[5];
      var g = state[6];
      var h = state[7];
      t := 0;
      while (t < 64) {
        let S1 = (e <>> 6) ^ (e <>> 11) ^ (e <>> 25);
        let ch = (e & f) ^ ((^ e) & g);
        let t1 = h +% S1 +% ch +% K[t] +% w[t];
        let S0 = (a <>> 2) ^ (a <>> 13) ^ (a <>> 22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = S0 +% maj;
        h := g;
        g := f;
        f := e;
        e := d +% t1;
        d := c;
        c := b;
        b := a;
        a := t1 +% t2;
        t += 1;
      };
      state[0] +%= a;
      state[1] +%= b;
      state[2] +%= c;
      state[3] +%= d;
      state[4] +%= e;
      state[5] +%= f;
      state[6] +%= g;
      state[7] +%= h;
    };

    public func writeByte(byte : Nat8) {
      buffer[buffered] := byte;
      buffered += 1;
      length +%= 1;
      if (buffered == 64) {
        compress();
        buffered := 0;
      };
    };

    public func writeBlob(data : Blob) {
      for (byte in data.vals()) { writeByte(byte) };
    };

    public func writeArray(data : [Nat8]) {
      for (byte in data.vals()) { writeByte(byte) };
    };

    /// Finishes the computation and returns the 32-byte digest. The digest must not be used after.
    public func sum() : Blob {
      let bits = length << 3;
      writeByte(0x80);
      while (buffered != 56) { writeByte(0) };
      var i = 0;
      while (i < 8) {
        writeByte(Nat8.fromNat64((bits >> (Nat64.fromNat(56 - 8 * i))) & 0xff));
        i += 1;
      };
      let out = VarArray.repeat<Nat8>(0, 32);
      i := 0;
      while (i < 8) {
        let s = state[i];
        out[4 * i] := Nat8.fromNat32(s >> 24);
        out[4 * i + 1] := Nat8.fromNat32((s >> 16) & 0xff);
        out[4 * i + 2] := Nat8.fromNat32((s >> 8) & 0xff);
        out[4 * i + 3] := Nat8.fromNat32(s & 0xff);
        i += 1;
      };
      Blob.fromVarArray(out);
    };
  };

  /// SHA-256 of one blob.
  public func hash(data : Blob) : Blob {
    let d = Digest();
    d.writeBlob(data);
    d.sum();
  };

  /// SHA-256 of the concatenation of several blobs (without building the concatenation).
  public func hashAll(parts : [Blob]) : Blob {
    let d = Digest();
    for (p in parts.vals()) { d.writeBlob(p) };
    d.sum();
  };
};
