using System.Globalization;
using System.Numerics;
using System.Text;
using Icp.Candid;
using Icp.Replica.State;

namespace Icp.Replica.Cycles;

/// <summary>
/// The arithmetic of a canister's cycles account, after the IC's cycles account manager: what a canister stores and
/// burns while idle, the freezing threshold's reserve, what it may spend above it, and the IC's words when it may not.
/// The amounts come from <see cref="CyclesRates"/>. On a subnet that does not charge (a system subnet), the threshold and
/// the reservations are zero and nothing is taken.
/// </summary>
internal sealed class CyclesAccounting(long instructionLimit, bool charges = true)
{
    private const ulong NanosPerSecond = 1_000_000_000;
    private const ulong SecondsPerDay = 86_400;

    /// <summary>
    /// What a caller sets aside when it calls: the fee for the largest response and for executing its callback at the
    /// instruction limit. The callback's real costs are taken from it and the rest returns.
    /// </summary>
    public UInt128 CallReservation { get; } = charges ? CyclesRates.XnetByteTransmission * (UInt128)CyclesRates.MaxResponseBytes + ExecutionReservation(instructionLimit) : 0;

    /// <summary>The prepayment for a callback: execution at the instruction limit.</summary>
    public UInt128 CallbackExecutionReservation { get; } = charges ? ExecutionReservation(instructionLimit) : 0;

    /// <summary>True when canisters pay (an application subnet); false on a subnet where the IC charges nothing.</summary>
    public bool Charges { get; } = charges;

    /// <summary>The prepayment for a message that may run <paramref name="limit"/> instructions.</summary>
    public static UInt128 ExecutionReservation(long limit) => CyclesRates.ExecutionCost(limit);

    /// <summary>The bytes a canister pays storage for: its memory allocation when it has one, else main plus stable memory.</summary>
    public static ulong StorageBytes(CanisterState canister)
    {
        var allocation = canister.Settings.MemoryAllocation;
        if (allocation > 0) return Clamp(allocation);
        return MemoryBytes(canister);
    }

    /// <summary>Main and stable memory in bytes (what <c>canister_status</c> reports as <c>memory_size</c>).</summary>
    public static ulong MemoryBytes(CanisterState canister) =>
        (ulong)(canister.Instance?.MemorySize ?? 0) + (ulong)canister.StableMemory.Length;

    /// <summary>What the canister burns in a day for storage and compute allocation (<c>idle_cycles_burned_per_day</c>).</summary>
    public static UInt128 IdleCyclesBurnedPerDay(CanisterState canister) => IdleCost(canister, SecondsPerDay);

    /// <summary>
    /// The freezing threshold's reserve: what the canister would burn idle during <c>freezing_threshold</c> seconds. Spending
    /// (execution, calls, attached cycles) may not take the balance below it.
    /// </summary>
    public UInt128 FreezingThreshold(CanisterState canister) => Charges ? IdleCost(canister, Clamp(canister.Settings.FreezingThreshold)) : 0;

    /// <summary>What the canister may spend: its balance above the freezing threshold (<c>canister_liquid_cycle_balance128</c>).</summary>
    public UInt128 Liquid(CanisterState canister, UInt128 balance)
    {
        var threshold = FreezingThreshold(canister);
        return balance > threshold ? balance - threshold : 0;
    }

    /// <summary>
    /// Storage and compute allocation owed for <paramref name="nanoseconds"/>, as the IC charges them per round: bytes ×
    /// 127K per GiB-second, percent × 10M per second.
    /// </summary>
    public static UInt128 ResourceCost(CanisterState canister, ulong nanoseconds) =>
        CyclesRates.StorageCost(StorageBytes(canister), nanoseconds)
        + CyclesRates.ComputeAllocationCost(Clamp(canister.Settings.ComputeAllocation), nanoseconds);

    /// <summary>
    /// The IC's <c>CanisterOutOfCyclesError</c>: the top-up it needs (threshold + requested − available) is shown only to the
    /// canister's controllers.
    /// </summary>
    public static string OutOfCycles(Principal canisterId, UInt128 available, UInt128 requested, UInt128 threshold, bool revealTopUp)
    {
        if (!revealTopUp) return $"Canister {canisterId} is out of cycles";
        var needed = threshold + requested > available ? threshold + requested - available : 0;
        return $"Canister {canisterId} is out of cycles: please top up the canister with at least {Format(needed)} additional cycles";
    }

    /// <summary>An amount as the IC prints cycles: digits in groups of three joined by underscores (<c>1_234_567</c>).</summary>
    public static string Format(UInt128 cycles)
    {
        string digits = cycles.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder(digits.Length + digits.Length / 3);
        for (int i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0) text.Append('_');
            text.Append(digits[i]);
        }
        return text.ToString();
    }

    // Every message checks the freezing threshold (twice for an ingress call), so the usual sizes are computed in UInt128,
    // which cannot overflow below these bounds (2^50 bytes × 127K × 2^50 s < 2^117); beyond them in BigInteger: a threshold
    // of 2^64 - 1 seconds on a large canister does not fit 128 bits, and saturates as the IC's does.
    private static UInt128 IdleCost(CanisterState canister, ulong seconds)
    {
        ulong bytes = StorageBytes(canister), compute = Clamp(canister.Settings.ComputeAllocation);
        if (bytes < 1UL << 50 && seconds < 1UL << 50 && compute < 1UL << 20)
            return (UInt128)bytes * CyclesRates.GibStoragePerSecond * seconds / (1UL << 30)
                + (UInt128)compute * CyclesRates.ComputePercentAllocatedPerSecond * seconds;
        var cost = (BigInteger)bytes * CyclesRates.GibStoragePerSecond * seconds / (1UL << 30)
            + (BigInteger)compute * CyclesRates.ComputePercentAllocatedPerSecond * seconds;
        return cost >= (BigInteger)UInt128.MaxValue ? UInt128.MaxValue : (UInt128)cost;
    }

    private static readonly BigInteger MaxUlong = ulong.MaxValue; // compared with, not converted on every call

    private static ulong Clamp(BigInteger value) => value.Sign <= 0 ? 0 : value >= MaxUlong ? ulong.MaxValue : (ulong)value;
}
