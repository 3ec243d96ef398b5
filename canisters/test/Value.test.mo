/// The ICRC-3 Value hash against the test vectors of ICRC-3's HASHINGVALUES.md, and LEB128 edges.
import Hex "../common/Hex";
import Value "../common/Value";
import T "Testing";

func h(v : Value.Value) : Text = Hex.encode(Value.hash(v));

T.equalText("Nat(42)", h(#Nat 42), "684888c0ebb17f374298b65ee2807526c066094c701bcc7ebbe1c1095f494fc1");
T.equalText("Int(-42)", h(#Int(-42)), "de5a6f78116eca62d7fc5ce159d23ae6b889b365a1739ad2cf36f925a140d0cc");
T.equalText("Text", h(#Text "Hello, World!"), "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f");
T.equalText("Blob", h(#Blob "\01\02\03\04"), "9f64a747e1b97f131fabb6b447296c9b6f0201e79fb3c5356e6c77e89b6a806a");
T.equalText("Array", h(#Array([#Nat 3, #Text "foo", #Blob "\05\06"])), "514a04011caa503990d446b7dec5d79e19c221ae607fb08b2848c67734d468d6");
T.equalText(
  "Map",
  h(#Map([
    ("from", #Blob "\00\ab\cd\ef\00\12\34\00\56\78\9a\00\bc\de\f0\00\01\23\45\67\89\00\ab\cd\ef\01"),
    ("to", #Blob "\00\ab\0d\ef\00\12\34\00\56\78\9a\00\bc\de\f0\00\01\23\45\67\89\00\ab\cd\ef\01"),
    ("amount", #Nat 42),
    ("created_at", #Nat 1699218263),
    ("memo", #Nat 0),
  ])),
  "c56ece650e1de4269c5bdeff7875949e3e2033f85b2d193c2ff4f7f78bdcfc75",
);

T.equalText("leb128 0", Hex.encode(Value.leb128(0)), "00");
T.equalText("leb128 127", Hex.encode(Value.leb128(127)), "7f");
T.equalText("leb128 128", Hex.encode(Value.leb128(128)), "8001");
T.equalText("leb128 624485", Hex.encode(Value.leb128(624485)), "e58e26");
T.equalText("leb128 2^64", Hex.encode(Value.leb128(18_446_744_073_709_551_616)), "80808080808080808002");
T.equalText("sleb128 0", Hex.encode(Value.sleb128(0)), "00");
T.equalText("sleb128 63", Hex.encode(Value.sleb128(63)), "3f");
T.equalText("sleb128 64", Hex.encode(Value.sleb128(64)), "c000");
T.equalText("sleb128 -1", Hex.encode(Value.sleb128(-1)), "7f");
T.equalText("sleb128 -64", Hex.encode(Value.sleb128(-64)), "40");
T.equalText("sleb128 -65", Hex.encode(Value.sleb128(-65)), "bf7f");
T.equalText("sleb128 -123456", Hex.encode(Value.sleb128(-123456)), "c0bb78");
T.done("Value");
