using Icp.Replica.Management;

namespace Icp.Replica.Tests;

/// <summary>Management canister arguments, encoded with the replica's own Candid types.</summary>
internal static class ManagementArgs
{
    public static CandidSerializerOptions Candid => ManagementCandid.Options;

    public static byte[] Id(Principal canister) => CandidSerializer.Serialize(new CanisterIdRecord { CanisterId = canister }, Candid);

    public static T Decode<T>(byte[] reply) => CandidSerializer.Deserialize<T>(reply, Candid);

    public static byte[] Encode<T>(T value) => CandidSerializer.Serialize(value, Candid);
}
