/// common/CandidCheck.mo: Candid messages of plain data pass; bytes a Candid decoder must refuse (and on
/// which Motoko's from_candid traps) fail, within bounds set by the input, never by a trap.
import Array "mo:core/Array";
import Blob "mo:core/Blob";
import Nat8 "mo:core/Nat8";
import Principal "mo:core/Principal";
import CandidCheck "../common/CandidCheck";
import T "Testing";

func ok(name : Text, b : Blob) = T.isTrue("well-formed: " # name, CandidCheck.isWellFormed(b));
func bad(name : Text, b : Blob) = T.isTrue("refused: " # name, not CandidCheck.isWellFormed(b));

type List = ?(Nat, List);
ok("no arguments", to_candid ());
ok("text", to_candid ("hello, wörld"));
ok("nat, int, bool, null", to_candid (123456789012345678901234567890 : Nat, -5 : Int, true, null));
ok("fixed-size numbers and floats", to_candid (1 : Nat8, 2 : Nat16, 3 : Nat32, 4 : Nat64, -1 : Int8, -2 : Int16, -3 : Int32, -4 : Int64, 3.5 : Float));
ok("blob and vec", to_candid ("\01\02\03" : Blob, [1, 2, 3] : [Nat], [] : [Text]));
ok("record, variant, opt", to_candid ({ a = #x(1 : Nat8); b = ?(-3 : Int64); c = (null : ?Text) }, #y : { #x : Nat8; #y }));
ok("principal", to_candid (Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai"), Principal.fromText("aaaaa-aa")));
ok("recursive list", to_candid (?(1, ?(2, ?(3, null))) : List));

bad("empty", "");
bad("magic only", "DIDL");
bad("other magic", "DIDM\00\00");
bad("not Candid", "not candid");
bad("a byte after the message", "DIDL\00\00\00");
bad("truncated text", "DIDL\00\01\71\05hell");
bad("text not UTF-8", "DIDL\00\01\71\02\c3\28");
bad("bool 2", "DIDL\00\01\7e\02");
bad("opt tag 2", "DIDL\01\6e\7e\01\00\02");
bad("variant index out of range", "DIDL\01\6b\01\00\7f\01\00\01");
bad("type reference out of range", "DIDL\00\01\05");
bad("field ids not increasing", "DIDL\01\6c\02\01\7f\01\7f\01\00");
bad("field id beyond 32 bits", "DIDL\01\6c\01\80\80\80\80\10\7f\01\00");
bad("func type", "DIDL\01\6a\00\00\00\01\00\01\01\00\00");
bad("a value of empty", "DIDL\00\01\6f");
bad("opaque principal", "DIDL\00\01\68\00");
bad("principal of 30 bytes", Blob.fromArray(Array.concat<Nat8>([0x44, 0x49, 0x44, 0x4c, 0x00, 0x01, 0x68, 0x01, 30], Array.repeat<Nat8>(7, 30))));
bad("vec of 2^32 nulls", "DIDL\01\6d\7f\01\00\ff\ff\ff\ff\0f");
bad("a type table larger than the message", "DIDL\ff\ff\ff\ff\0f");
bad("a record that contains itself", "DIDL\01\6c\01\00\00\01\00");

// Nesting: type 0 = opt 0, a value of n present layers then null.
func nested(n : Nat) : Blob = Blob.fromArray(Array.concat<Nat8>(Array.concat<Nat8>([0x44, 0x49, 0x44, 0x4c, 0x01, 0x6e, 0x00, 0x01, 0x00], Array.repeat<Nat8>(1, n)), [0]));
ok("opt nested 60 deep", nested(60));
bad("opt nested past the depth bound (64)", nested(65));

// Zero-sized values cost a step each, within 4 steps per message byte (plus 64): a short message
// cannot make the check loop for long. Plain data leaves never hold such vectors.
ok("vec of 100 units", to_candid (Array.repeat<()>((), 100)));
bad("vec of 1000 units in 11 bytes", to_candid (Array.repeat<()>((), 1000)));
T.done("CandidCheck");
