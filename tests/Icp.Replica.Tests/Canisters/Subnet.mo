// Reports the subnet it runs on (ic0.subnet_self).
import Prim "mo:⛔";

persistent actor Subnet {
  public query func self() : async Principal { Prim.canisterSubnet() };

  public func selfInUpdate() : async Principal { Prim.canisterSubnet() };
};
