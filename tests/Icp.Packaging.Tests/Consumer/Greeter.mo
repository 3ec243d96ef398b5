// The packaging test's canister: compiled by the Motoko compiler of tests/Icp.Replica.Tests/motoko, installed
// on the in-process replica by the consumer project and called through its generated client.
persistent actor Greeter {
  public type GreetArgs = { name : Text; times : Nat };

  var greeted : Nat = 0;

  public func greeter_greet(args : GreetArgs) : async Text {
    greeted += args.times;
    "Hello, " # args.name # "!"
  };

  public query func greeter_count() : async Nat { greeted };
};
