/// Minimal assertions for the Motoko tests: print what differs, then trap so the run fails.
import Debug "mo:core/Debug";
import Runtime "mo:core/Runtime";

module {
  public func equalText(name : Text, actual : Text, expected : Text) {
    if (actual != expected) {
      Debug.print("FAIL " # name # "\n  expected: " # expected # "\n  actual:   " # actual);
      Runtime.trap("assertion failed: " # name);
    };
  };

  public func isTrue(name : Text, condition : Bool) {
    if (not condition) {
      Debug.print("FAIL " # name);
      Runtime.trap("assertion failed: " # name);
    };
  };

  public func done(suite : Text) {
    Debug.print("ok " # suite);
  };
};
