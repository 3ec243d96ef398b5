using System.Numerics;

namespace Icp.Replica.Cycles;

/// <summary>
/// The IC's published cycle fees for a 13-node application subnet, the one table every charge in the replica reads.
/// Source: "Cycles cost formulas", https://internetcomputer.org/docs/references/cycles-cost-formulas (dfinity/portal,
/// docs/references/cycles-cost-formulas.mdx), and the execution-cost formula there (base fee plus one cycle per
/// instruction). HTTPS outcalls are not charged here. See docs/replica-cycles.md.
/// </summary>
public static class CyclesRates
{
    /// <summary>Creating a canister (paid from the cycles sent with <c>create_canister</c>): 500B.</summary>
    public const ulong CanisterCreation = 500_000_000_000;

    /// <summary>Each percent of compute allocation, per second: 10M.</summary>
    public const ulong ComputePercentAllocatedPerSecond = 10_000_000;

    /// <summary>Base fee of every update message execution (updates, callbacks, timers, heartbeats, installs): 5M.</summary>
    public const ulong UpdateMessageExecution = 5_000_000;

    /// <summary>
    /// Fee for ten executed instructions: 10, i.e. one cycle per instruction (1B cycles per 1B instructions). The IC
    /// charges in whole tens of instructions (its <c>ten_update_instructions_execution_fee</c>).
    /// </summary>
    public const ulong TenInstructionsExecution = 10;

    /// <summary>An inter-canister call (request and response), paid by the caller: 260K.</summary>
    public const ulong XnetCall = 260_000;

    /// <summary>Each byte of an inter-canister request or response (method name and payload), paid by the caller: 1K.</summary>
    public const ulong XnetByteTransmission = 1_000;

    /// <summary>Receiving an ingress message, paid by the receiving canister: 1.2M.</summary>
    public const ulong IngressMessageReception = 1_200_000;

    /// <summary>Each byte of a received ingress message (method name and argument), paid by the receiving canister: 2K.</summary>
    public const ulong IngressByteReception = 2_000;

    /// <summary>Storing one GiB (2^30 bytes) for one second: 127K.</summary>
    public const ulong GibStoragePerSecond = 127_000;

    /// <summary>
    /// The largest response a call can get (2 MiB): a caller reserves its transmission fee when it calls and gets back the
    /// part the real response did not use.
    /// </summary>
    public const ulong MaxResponseBytes = 2 * 1024 * 1024;

    /// <summary>What executing <paramref name="instructions"/> costs: the base fee plus the instructions in whole tens.</summary>
    /// <param name="instructions">Instructions executed (or allowed, for a prepayment).</param>
    public static UInt128 ExecutionCost(long instructions) =>
        UpdateMessageExecution + TenInstructionsExecution * (UInt128)(ulong)(Math.Max(0, instructions) / 10);

    /// <summary>What receiving an ingress message costs its canister.</summary>
    /// <param name="methodNameBytes">Length of the method name in bytes.</param>
    /// <param name="argumentBytes">Length of the argument in bytes.</param>
    public static UInt128 IngressInductionCost(long methodNameBytes, long argumentBytes) =>
        IngressMessageReception + IngressByteReception * (UInt128)(ulong)(methodNameBytes + argumentBytes);

    /// <summary>What sending an inter-canister call costs the caller, without the response reservations (<c>ic0.cost_call</c>).</summary>
    /// <param name="methodNameBytes">Length of the method name in bytes.</param>
    /// <param name="payloadBytes">Length of the payload in bytes.</param>
    public static UInt128 CallCost(ulong methodNameBytes, ulong payloadBytes) =>
        XnetCall + XnetByteTransmission * ((UInt128)methodNameBytes + payloadBytes);

    /// <summary>What storing <paramref name="bytes"/> for <paramref name="nanoseconds"/> costs (rounded down).</summary>
    /// <param name="bytes">Bytes stored.</param>
    /// <param name="nanoseconds">For how long.</param>
    public static UInt128 StorageCost(ulong bytes, ulong nanoseconds) =>
        Saturate((BigInteger)bytes * GibStoragePerSecond * nanoseconds / ((BigInteger)(1UL << 30) * 1_000_000_000UL));

    /// <summary>What a compute allocation of <paramref name="percent"/> costs for <paramref name="nanoseconds"/> (rounded down).</summary>
    /// <param name="percent">The allocation, 0 to 100.</param>
    /// <param name="nanoseconds">For how long.</param>
    public static UInt128 ComputeAllocationCost(ulong percent, ulong nanoseconds) =>
        Saturate((BigInteger)percent * ComputePercentAllocatedPerSecond * nanoseconds / 1_000_000_000UL);

    // Products of 64-bit amounts can pass 2^128; the IC's cycle arithmetic saturates, and so does this.
    private static UInt128 Saturate(BigInteger value) => value >= (BigInteger)UInt128.MaxValue ? UInt128.MaxValue : (UInt128)value;
}
