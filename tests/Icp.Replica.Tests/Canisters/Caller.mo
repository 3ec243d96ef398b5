// Calls other canisters with await: replies, rejects from a trapping callee and missing canisters.
import Error "mo:core/Error";
import Nat "mo:core/Nat";
import Principal "mo:core/Principal";

persistent actor Caller {
  type CounterApi = actor { inc : () -> async Nat; get : () -> async Nat };
  type TrapperApi = actor { fail : Text -> async () };

  var calls : Nat = 0;

  public func incOther(target : Principal) : async Nat {
    calls += 1;
    let counter : CounterApi = actor (Principal.toText(target));
    let a = await counter.inc();
    let b = await counter.inc();
    a + b
  };

  // Returns the reject code and message as text, so the test can check both.
  public func failOther(target : Principal, why : Text) : async Text {
    calls += 1;
    let trapper : TrapperApi = actor (Principal.toText(target));
    try {
      await trapper.fail(why);
      "no error"
    } catch (e) {
      let code = switch (Error.code(e)) {
        case (#system_fatal) "1";
        case (#system_transient) "2";
        case (#destination_invalid) "3";
        case (#canister_reject) "4";
        case (#canister_error) "5";
        case (#future(n)) Nat.toText(Nat32ToNat(n));
        case (#call_error _) "call_error";
      };
      code # ":" # Error.message(e)
    }
  };

  func Nat32ToNat(n : Nat32) : Nat { Nat.fromNat32(n) };

  public query func callCount() : async Nat { calls };

  // A composite query: calls another canister's query and adds one.
  public composite query func getOtherPlusOne(target : Principal) : async Nat {
    let counter : actor { get : query () -> async Nat } = actor (Principal.toText(target));
    (await counter.get()) + 1
  };
};
