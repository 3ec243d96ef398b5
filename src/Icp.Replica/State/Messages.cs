using Icp.Candid;

namespace Icp.Replica.State;

/// <summary>A message in the replica's deterministic queue.</summary>
internal abstract record QueuedMessage;

/// <summary>A call to a canister (or to the management canister) waiting to be executed.</summary>
internal sealed record CallRequest(Principal Sender, Principal Receiver, string Method, byte[] Arg, UInt128 Cycles,
    CallOrigin Origin, ulong Deadline) : QueuedMessage;

/// <summary>A response on its way back to the calling canister's callback.</summary>
internal sealed record ResponseMessage(Principal Receiver, ulong CallbackId, Response Response) : QueuedMessage;
