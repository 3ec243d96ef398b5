using System.Security.Cryptography;
using Icp.Candid;

namespace Icp.Replica.PocketIc;

/// <summary>A range of canister ids, both ends included.</summary>
/// <param name="Start">The first id.</param>
/// <param name="End">The last id.</param>
internal sealed record CanisterIdRange(Principal Start, Principal End)
{
    /// <summary>True when <paramref name="id"/> lies in the range (canister ids order as their bytes).</summary>
    public bool Contains(Principal id) => Start.CompareTo(id) <= 0 && id.CompareTo(End) <= 0;
}

/// <summary>
/// The subnet of an instance, as PocketIC lays it out: its kind (the name PocketIC's topology reports), the
/// canister ranges routed to it and the range ids are handed out from. Named system subnets (NNS, II, ...) own
/// their mainnet ranges for specified ids and allocate new ids from the top of the id space, as application
/// subnets do (the first application subnet allocates from index 0xFFFFFFFFFFE00000, <c>lxzze-o7777-77777-aaaaa-cai</c>).
/// </summary>
internal sealed class PocketIcSubnet
{
    private const ulong IdsPerSubnet = 1UL << 20;

    private PocketIcSubnet(string kind, IReadOnlyList<CanisterIdRange> fixedRanges, bool benchmarking)
    {
        Kind = kind;
        ulong start = (ulong.MaxValue / IdsPerSubnet - 1) * IdsPerSubnet;
        AllocationRange = new CanisterIdRange(CanisterIdAllocator.FromIndex(start), CanisterIdAllocator.FromIndex(start + IdsPerSubnet - 1));
        FirstAllocatedIndex = start;
        Ranges = [.. fixedRanges, AllocationRange];
        Benchmarking = benchmarking;
    }

    /// <summary>PocketIC's SubnetKind name: Application, Bitcoin, Fiduciary, II, NNS, SNS, System or VerifiedApplication.</summary>
    public string Kind { get; }

    /// <summary>Every range routed to the subnet.</summary>
    public IReadOnlyList<CanisterIdRange> Ranges { get; }

    /// <summary>The range new canister ids come from.</summary>
    public CanisterIdRange AllocationRange { get; }

    /// <summary>The index of the first allocated id (see <see cref="CanisterIdAllocator"/>).</summary>
    public ulong FirstAllocatedIndex { get; }

    /// <summary>Whether the subnet was asked for benchmarking instruction limits.</summary>
    public bool Benchmarking { get; }

    /// <summary>The instruction configuration's name in the topology.</summary>
    public string InstructionConfig => Benchmarking ? "Benchmarking" : "Production";

    /// <summary>
    /// Whether canisters pay cycles here: not on the IC's system subnets (NNS, II, Bitcoin, System), and not with benchmarking
    /// instruction limits, whose prepayment at 10^15 instructions no balance covers. Others pay the 13-node fees.
    /// </summary>
    public bool ChargesCycles => !Benchmarking && Kind is not ("NNS" or "II" or "Bitcoin" or "System");

    /// <summary>Nodes PocketIC gives a subnet of this kind (what the topology reports as its size).</summary>
    public int Size => Kind switch
    {
        "NNS" => 40,
        "SNS" or "II" or "Fiduciary" => 34,
        _ => 13,
    };

    /// <summary>True when the id is routed to this subnet.</summary>
    public bool Routes(Principal canisterId) => Ranges.Any(r => r.Contains(canisterId));

    /// <summary>A 32-byte seed for the topology, derived from the subnet id.</summary>
    public static byte[] Seed(Principal subnetId) => SHA256.HashData(subnetId.Bytes);

    /// <summary>A subnet of the given kind.</summary>
    /// <exception cref="PocketIcException">The kind is unknown.</exception>
    public static PocketIcSubnet Create(string kind, bool benchmarking) => kind switch
    {
        "Application" or "System" or "VerifiedApplication" => new(kind, [], benchmarking),
        "NNS" => new(kind, [Range("rwlgt-iiaaa-aaaaa-aaaaa-cai", "renrk-eyaaa-aaaaa-aaada-cai"), Range("qoctq-giaaa-aaaaa-aaaea-cai", "n5n4y-3aaaa-aaaaa-p777q-cai")], benchmarking),
        "II" => new(kind, [Range("rdmx6-jaaaa-aaaaa-aaadq-cai", "rdmx6-jaaaa-aaaaa-aaadq-cai"), Range("uc7f6-kaaaa-aaaaq-qaaaa-cai", "ijz7v-ziaaa-aaaaq-7777q-cai")], benchmarking),
        "Bitcoin" => new(kind, [Range("g3wsl-eqaaa-aaaan-aaaaa-cai", "2qqia-xyaaa-aaaan-p777q-cai")], benchmarking),
        "Fiduciary" => new(kind, [Range("mf7xa-laaaa-aaaar-qaaaa-cai", "qoznl-yiaaa-aaaar-7777q-cai")], benchmarking),
        "SNS" => new(kind, [Range("ybpmr-kqaaa-aaaaq-aaaaa-cai", "ekjw2-zyaaa-aaaaq-p777q-cai")], benchmarking),
        _ => throw PocketIcException.BadRequest($"Unknown subnet kind {kind}."),
    };

    private static CanisterIdRange Range(string start, string end) => new(Principal.Parse(start), Principal.Parse(end));
}
