// A counter owned by whoever installed it: updates and queries, the caller's principal, an owner-only
// method, a trap that must roll back, a timer for time travel, and state that survives upgrades.
import Principal "mo:core/Principal";
import Runtime "mo:core/Runtime";
import Time "mo:core/Time";
import Timer "mo:core/Timer";

shared ({ caller = installer }) persistent actor class Counter(initial : Nat) {
  var count : Nat = initial;
  var reminders : Nat = 0;
  var lastReminderAt : Int = 0;
  let owner : Principal = installer;

  public func inc() : async Nat {
    count += 1;
    count
  };

  public query func get() : async Nat { count };

  public shared query ({ caller }) func whoami() : async Principal { caller };

  public query func getOwner() : async Principal { owner };

  public shared ({ caller }) func reset() : async () {
    if (caller != owner) Runtime.trap("only the owner may reset the counter, not " # Principal.toText(caller));
    count := 0;
  };

  // Adds, then traps: the addition must not survive.
  public func addThenTrap(n : Nat) : async () {
    count += n;
    Runtime.trap("refusing to add " # debug_show n);
  };

  public func remindIn(seconds : Nat) : async () {
    ignore Timer.setTimer<system>(#seconds seconds, func() : async () {
      reminders += 1;
      lastReminderAt := Time.now();
    });
  };

  public query func reminderState() : async { reminders : Nat; lastReminderAt : Int } {
    { reminders; lastReminderAt }
  };

  public query func now() : async Int { Time.now() };
};
