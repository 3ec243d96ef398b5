using System.Buffers.Binary;
using Icp.Candid;

namespace Icp.Replica;

/// <summary>
/// Hands out canister ids the way a local replica does: an 8-byte big-endian index followed by the class bytes
/// 0x01 0x01, counting up from the start of the local subnet's range. PocketIC (and so dfx and icp-cli today)
/// starts its application subnet at index 0xFFFFFFFFFFE00000, whose first id is <c>lxzze-o7777-77777-aaaaa-cai</c>;
/// the classic dfx replica started at index 1, <c>rrkah-fqaaa-aaaaa-aaaaq-cai</c>.
/// </summary>
public sealed class CanisterIdAllocator
{
    /// <summary>The first index of PocketIC's application subnet range.</summary>
    public const ulong PocketIcFirstIndex = 0xFFFF_FFFF_FFE0_0000;

    private ulong _next;

    /// <summary>Starts allocating at <paramref name="firstIndex"/>.</summary>
    /// <param name="firstIndex">The index of the first canister id to hand out.</param>
    public CanisterIdAllocator(ulong firstIndex = PocketIcFirstIndex) => _next = firstIndex;

    /// <summary>The canister id with a given index.</summary>
    /// <param name="index">The index within the id space.</param>
    public static Principal FromIndex(ulong index)
    {
        Span<byte> bytes = stackalloc byte[10];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, index);
        bytes[8] = 1;
        bytes[9] = 1;
        return Principal.FromBytes(bytes);
    }

    /// <summary>The index the next id is tried at (saved and restored with the replica's state).</summary>
    public ulong NextIndex
    {
        get => _next;
        set => _next = value;
    }

    /// <summary>The next free id, skipping ids for which <paramref name="taken"/> is true (specified ids).</summary>
    /// <param name="taken">Tells whether an id is already in use.</param>
    public Principal Next(Func<Principal, bool> taken)
    {
        while (true)
        {
            var id = FromIndex(_next++);
            if (!taken(id)) return id;
        }
    }
}
