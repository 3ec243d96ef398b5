using Icp.Candid;

namespace Icp.Replica.Management;

/// <summary>
/// The serializer options for the management canister's types (snake_case names). All converters are built
/// once here, in a static constructor, because the reflection resolver publishes a converter before it has
/// finished building it: two threads building the same type at once can see a half-built one.
/// </summary>
internal static class ManagementCandid
{
    public static CandidSerializerOptions Options { get; } = new() { Naming = CandidNaming.SnakeCase };

    static ManagementCandid()
    {
        Options.GetConverter<CreateCanisterArgs>();
        Options.GetConverter<ProvisionalCreateCanisterArgs>();
        Options.GetConverter<CanisterIdRecord>();
        Options.GetConverter<ProvisionalTopUpArgs>();
        Options.GetConverter<UpdateSettingsArgs>();
        Options.GetConverter<InstallCodeArgs>();
        Options.GetConverter<InstallChunkedCodeArgs>();
        Options.GetConverter<UploadChunkArgs>();
        Options.GetConverter<ChunkHash>();
        Options.GetConverter<ChunkHash[]>();
        Options.GetConverter<CanisterStatusResult>();
        Options.GetConverter<byte[]>();
    }
}
