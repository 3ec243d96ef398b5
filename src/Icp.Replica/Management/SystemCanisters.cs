using Icp.Candid;
using Icp.Replica.State;

namespace Icp.Replica.Management;

/// <summary>
/// Built-in stand-ins for the NNS canisters the icp CLI uses to create a canister on a network it does not manage
/// (<c>icp canister create --detached --network URL</c>): the cycles ledger's <c>create_canister</c> (a local faucet: the
/// canister gets the requested cycles, nobody is charged), the cycles minting canister's <c>get_default_subnets</c> and
/// the registry's <c>get_subnet_for_canister</c> (both name this replica's one subnet). They run natively, like the
/// management canister, and have no state of their own.
/// </summary>
internal sealed class SystemCanisters(ReplicaCore replica, ManagementCanisterHandler management)
{
    /// <summary>The cycles ledger.</summary>
    public static readonly Principal CyclesLedger = Principal.Parse("um5iw-rqaaa-aaaaq-qaaba-cai");

    /// <summary>The cycles minting canister (CMC).</summary>
    public static readonly Principal CyclesMinting = Principal.Parse("rkp4c-7iaaa-aaaaa-aaaca-cai");

    /// <summary>The NNS registry.</summary>
    public static readonly Principal Registry = Principal.Parse("rwlgt-iiaaa-aaaaa-aaaaa-cai");

    private static CandidSerializerOptions Candid => SystemCanisterCandid.Options;

    private ulong _nextBlock;

    /// <summary>True for the ids served here (unless a real canister was installed there).</summary>
    public bool Serves(Principal id) => (id == CyclesLedger || id == CyclesMinting || id == Registry) && replica.Find(id) is null;

    /// <summary>Runs an update call.</summary>
    public Response Update(CallRequest r)
    {
        try
        {
            if (r.Receiver == CyclesLedger && r.Method == "create_canister")
            {
                var args = CandidSerializer.Deserialize<LedgerCreateCanisterArgs>(r.Arg, Candid);
                UInt128 cycles = args.Amount.Value > (System.Numerics.BigInteger)ulong.MaxValue * 1000 ? replica.Options.DefaultCanisterCycles : (UInt128)args.Amount.Value;
                var canister = management.Create(r.Sender, args.CreationArgs?.Settings, cycles, null);
                var result = new LedgerCreateCanisterResult.Ok(new LedgerCreateCanisterSuccess { BlockId = (Nat)_nextBlock++, CanisterId = canister.Id });
                return Response.Replied(CandidSerializer.Serialize<LedgerCreateCanisterResult>(result, Candid), r.Cycles);
            }
            return Query(r.Receiver, r.Method, r.Arg) with { Refund = r.Cycles };
        }
        catch (CallRejectedException e)
        {
            return Response.Rejected(e.RejectCode, e.RejectMessage, e.ErrorCode, r.Cycles);
        }
        catch (Exception e) when (e is CandidDecodeException or CandidTypeException)
        {
            return Response.Rejected(RejectCode.CanisterError, $"Error from Canister {r.Receiver}: Canister called `ic0.trap` with message: 'failed to decode call arguments: {e.Message}'", ErrorCodes.CanisterCalledTrap, r.Cycles);
        }
    }

    /// <summary>Runs a query.</summary>
    public Response Query(Principal receiver, string method, byte[] arg)
    {
        try
        {
            var subnet = replica.SubnetId;
            if (receiver == CyclesMinting && method == "get_default_subnets")
                return Response.Replied(CandidSerializer.Serialize(new[] { subnet }, Candid));
            if (receiver == Registry && method == "get_subnet_for_canister")
            {
                var request = CandidSerializer.Deserialize<SubnetForCanisterRequest>(arg, Candid);
                SubnetForCanisterResult result = request.Principal is { } p && replica.Find(p) is not null
                    ? new SubnetForCanisterResult.Ok(new SubnetForCanister { SubnetId = subnet })
                    : new SubnetForCanisterResult.Err($"Principal {request.Principal} is not a canister on this network");
                return Response.Replied(CandidSerializer.Serialize(result, Candid));
            }
        }
        catch (Exception e) when (e is CandidDecodeException or CandidTypeException)
        {
            return Response.Rejected(RejectCode.CanisterError, $"Error from Canister {receiver}: Canister called `ic0.trap` with message: 'failed to decode call arguments: {e.Message}'", ErrorCodes.CanisterCalledTrap);
        }
        return Response.Rejected(RejectCode.DestinationInvalid, $"Error from Canister {receiver}: Canister has no method '{method}' (this replica serves only what the icp CLI needs of it).", ErrorCodes.CanisterMethodNotFound);
    }
}

/// <summary>Serializer options for the system canisters' types, with converters built once (see <see cref="ManagementCandid"/>).</summary>
internal static class SystemCanisterCandid
{
    public static CandidSerializerOptions Options { get; } = new() { Naming = CandidNaming.SnakeCase };

    static SystemCanisterCandid()
    {
        Options.GetConverter<LedgerCreateCanisterArgs>();
        Options.GetConverter<LedgerCreateCanisterResult>();
        Options.GetConverter<SubnetForCanisterRequest>();
        Options.GetConverter<SubnetForCanisterResult>();
        Options.GetConverter<Principal[]>();
    }
}
