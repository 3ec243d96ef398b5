// Calls a Counter canister: an inter-canister update call, and one the callee rejects (the relay is not its owner).
import Error "mo:core/Error";
import Principal "mo:core/Principal";

persistent actor Relay {
  type Counter = actor { inc : () -> async Nat; reset : () -> async () };

  public func incOther(target : Principal) : async Nat {
    let counter : Counter = actor (Principal.toText(target));
    await counter.inc()
  };

  public func resetOther(target : Principal) : async Text {
    let counter : Counter = actor (Principal.toText(target));
    try {
      await counter.reset();
      "reset"
    } catch (e) {
      Error.message(e)
    }
  };
};
