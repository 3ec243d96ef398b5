// Spends cycles every way the cycles tests look at: instructions, calls with attached cycles that the callee accepts
// in part, refunds, burning, deposits through the management canister, and stable memory that costs storage.
import Cycles "mo:core/Cycles";
import Principal "mo:core/Principal";
import Region "mo:core/Region";

persistent actor CyclesUser {
  type Acceptor = actor { acceptUpTo : (Nat) -> async Nat };
  type Management = actor {
    deposit_cycles : ({ canister_id : Principal }) -> async ();
    create_canister : ({ settings : ?{} }) -> async { canister_id : Principal };
  };

  var counter : Nat = 0;
  var region : ?Region.Region = null;

  public query func balance() : async Nat { Cycles.balance() };

  // Runs a loop of n iterations (instructions to pay for).
  public func work(n : Nat) : async Nat {
    var i = 0;
    while (i < n) { counter += 1; i += 1 };
    counter
  };

  // Accepts at most `max` of the cycles attached to this call.
  public func acceptUpTo(max : Nat) : async Nat { Cycles.accept<system>(max) };

  // Attaches `amount` to a call of target.acceptUpTo(40% of it): what the callee accepted and what came back.
  public func send(target : Principal, amount : Nat) : async (Nat, Nat) {
    let acceptor : Acceptor = actor (Principal.toText(target));
    let accepted = await (with cycles = amount) acceptor.acceptUpTo(amount * 2 / 5);
    (accepted, Cycles.refunded())
  };

  public func burn(amount : Nat) : async Nat { Cycles.burn<system>(amount) };

  public func deposit(target : Principal, amount : Nat) : async () {
    let ic : Management = actor "aaaaa-aa";
    await (with cycles = amount) ic.deposit_cycles({ canister_id = target });
  };

  // Creates a canister paid with `amount` cycles.
  public func create(amount : Nat) : async Principal {
    let ic : Management = actor "aaaaa-aa";
    (await (with cycles = amount) ic.create_canister({ settings = null })).canister_id
  };

  // Grows a stable memory region by `pages` pages of 64 KiB.
  public func growStable(pages : Nat64) : async Nat64 {
    let r = switch (region) {
      case (?r) r;
      case null { let r = Region.new(); region := ?r; r };
    };
    Region.grow(r, pages)
  };
};
