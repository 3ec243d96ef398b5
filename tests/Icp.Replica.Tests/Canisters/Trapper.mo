// Traps on purpose: an explicit trap with a message, and an endless loop for the instruction limit.
import Runtime "mo:core/Runtime";

persistent actor Trapper {
  public func fail(why : Text) : async () { Runtime.trap(why) };

  public query func failQuery() : async Nat { Runtime.trap("query failed") };

  public func spin() : async Nat {
    var i : Nat = 0;
    while (true) { i += 1 };
    i
  };
};
