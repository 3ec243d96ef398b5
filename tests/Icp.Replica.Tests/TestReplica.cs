namespace Icp.Replica.Tests;

/// <summary>Shared helpers: a replica at a fixed time, canisters installed from the Motoko sources, Candid shortcuts.</summary>
internal static class TestReplica
{
    public static readonly byte[] NoArgs = CandidSerializer.SerializeEmpty();

    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Task<LocalReplica> StartAsync(long? instructionLimit = null) => LocalReplica.StartAsync(new LocalReplicaOptions
    {
        InitialTime = Start,
        InstructionLimit = instructionLimit ?? new LocalReplicaOptions().InstructionLimit,
    });

    /// <summary>Creates a canister (controlled by <paramref name="controller"/>) and installs a compiled Motoko canister.</summary>
    public static async Task<Principal> InstallAsync(this LocalReplica ic, string name, bool classic = false, Principal? controller = null)
    {
        var code = await MotokoCompiler.CompileAsync(name, classic);
        var id = await ic.CreateCanisterAsync(controller);
        await ic.InstallCodeAsync(id, code.Wasm, NoArgs, sender: controller);
        return id;
    }

    public static async Task<ulong> NatAsync(this Task<byte[]> call) => (ulong)CandidSerializer.Deserialize<Nat>(await call);

    public static async Task<string> TextAsync(this Task<byte[]> call) => CandidSerializer.Deserialize<string>(await call);

    public static byte[] Args<T>(T value) => CandidSerializer.Serialize(value);

    public static Principal User(byte seed) => Principal.SelfAuthenticating(Enumerable.Repeat(seed, 44).ToArray());
}
