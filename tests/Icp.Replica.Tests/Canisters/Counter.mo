// A counter: an update, a query, a stable variable, Debug.print and the caller's principal.
import Debug "mo:core/Debug";
import Nat "mo:core/Nat";
import Runtime "mo:core/Runtime";

persistent actor Counter {
  // Stable (persistent actors make every field stable): survives upgrades.
  var count : Nat = 0;

  public func inc() : async Nat {
    count += 1;
    Debug.print("count is now " # Nat.toText(count));
    count
  };

  public func add(n : Nat) : async Nat { count += n; count };

  public query func get() : async Nat { count };

  // A query that changes state: the replica must throw the change away.
  public query func bumpInQuery() : async Nat { count += 100; count };

  // Changes state, then traps: the change must be rolled back.
  public func addThenTrap(n : Nat) : async () {
    count += n;
    Runtime.trap("refusing to add " # Nat.toText(n));
  };

  public shared query (msg) func whoami() : async Principal { msg.caller };
};
