// Timers and certified data: a one-shot timer, a recurring timer, and CertifiedData.set.
import CertifiedData "mo:core/CertifiedData";
import Timer "mo:core/Timer";
import Text "mo:core/Text";
import Time "mo:core/Time";

persistent actor Timers {
  var fired : Nat = 0;
  var ticks : Nat = 0;
  var lastFiredAt : Int = 0;

  public func scheduleOnce(seconds : Nat) : async () {
    ignore Timer.setTimer<system>(#seconds seconds, func () : async () {
      fired += 1;
      lastFiredAt := Time.now();
    });
  };

  public func scheduleEvery(seconds : Nat) : async Nat {
    Timer.recurringTimer<system>(#seconds seconds, func () : async () { ticks += 1 })
  };

  public func cancel(id : Nat) : async () { Timer.cancelTimer(id) };

  public query func state() : async { fired : Nat; ticks : Nat; lastFiredAt : Int } {
    { fired; ticks; lastFiredAt }
  };

  public func certify(t : Text) : async () { CertifiedData.set(Text.encodeUtf8(t)) };

  public query func certificatePresent() : async Bool {
    switch (CertifiedData.getCertificate()) { case null false; case (?_) true }
  };

  public query func certificate() : async ?Blob { CertifiedData.getCertificate() };

  public query func now() : async Int { Time.now() };
};
