using Icp.Replica.Cycles;
using Icp.Replica.Management;
using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>
/// Cycles as the IC charges them, with the fees of <see cref="CyclesRates"/>: execution, ingress, calls with attached
/// cycles and refunds, burning, deposits, the freezing threshold, and storage over time.
/// </summary>
public class CyclesTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static ulong Instructions(LocalReplica ic, Principal id) => ic.Core.Find(id)!.InstructionsExecuted;

    private static UInt128 Ingress(string method, byte[] arg) => CyclesRates.IngressInductionCost(method.Length, arg.Length);

    [Fact]
    public async Task An_update_costs_its_ingress_the_base_fee_and_one_cycle_per_instruction()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("CyclesUser");
        foreach (ulong iterations in new ulong[] { 10, 100_000 })
        {
            byte[] arg = Args((Nat)iterations);
            var before = ic.GetCycleBalance(id);
            ulong instructionsBefore = Instructions(ic, id);
            await ic.UpdateCallAsync(id, "work", arg);
            long used = (long)(Instructions(ic, id) - instructionsBefore);
            Assert.InRange(used, (long)iterations, 1_000L * (long)iterations + 100_000);
            // Prepaid at 40B instructions, charged for what ran, the rest refunded.
            Assert.Equal(Ingress("work", arg) + CyclesRates.ExecutionCost(used), before - ic.GetCycleBalance(id));
        }
    }

    [Fact]
    public async Task A_replica_that_does_not_charge_leaves_balances_alone()
    {
        await using var ic = await LocalReplica.StartAsync(new LocalReplicaOptions { InitialTime = Start, ChargeCycles = false });
        var id = await ic.InstallAsync("CyclesUser");
        var before = ic.GetCycleBalance(id);
        await ic.UpdateCallAsync(id, "work", Args((Nat)1000UL));
        ic.AdvanceTime(Day);
        Assert.Equal(before, ic.GetCycleBalance(id));
    }

    [Fact]
    public async Task Queries_are_free()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("CyclesUser");
        var before = ic.GetCycleBalance(id);
        for (int i = 0; i < 3; i++) Assert.Equal((ulong)before, await ic.QueryCallAsync(id, "balance", NoArgs).NatAsync());
        Assert.Equal(before, ic.GetCycleBalance(id));
    }

    [Fact]
    public async Task Cycles_the_callee_does_not_accept_are_refunded_to_the_caller()
    {
        await using var ic = await StartAsync();
        var caller = await ic.InstallAsync("CyclesUser");
        var callee = await ic.InstallAsync("CyclesUser");
        var (callerBefore, calleeBefore) = (ic.GetCycleBalance(caller), ic.GetCycleBalance(callee));
        ulong calleeInstructions = Instructions(ic, callee), callerInstructions = Instructions(ic, caller);

        byte[] arg = CandidSerializer.SerializeArguments(callee, (Nat)1_000_000_000UL);
        var (accepted, refunded) = CandidSerializer.DeserializeArguments<Nat, Nat>(await ic.UpdateCallAsync(caller, "send", arg));
        Assert.Equal(400_000_000UL, (ulong)accepted);
        Assert.Equal(600_000_000UL, (ulong)refunded);

        // The callee keeps what it accepted and pays only for its execution (no ingress: the call came from a canister).
        long calleeUsed = (long)(Instructions(ic, callee) - calleeInstructions);
        Assert.Equal(calleeBefore + 400_000_000 - CyclesRates.ExecutionCost(calleeUsed), ic.GetCycleBalance(callee));

        // The caller pays the 400M, the ingress, the call (260K + 1K per byte of "acceptUpTo" and its argument), the reply's
        // bytes, and two executions (the update and its callback); each execution rounds its instructions down to tens.
        byte[] calleeArg = CandidSerializer.Serialize((Nat)400_000_000UL);
        long callerUsed = (long)(Instructions(ic, caller) - callerInstructions);
        UInt128 fees = Ingress("send", arg) + CyclesRates.CallCost((ulong)"acceptUpTo".Length, (ulong)calleeArg.Length)
            + CyclesRates.XnetByteTransmission * (UInt128)CandidSerializer.Serialize(accepted).Length
            + 2 * CyclesRates.UpdateMessageExecution + (UInt128)callerUsed;
        var spent = callerBefore - ic.GetCycleBalance(caller);
        Assert.InRange(spent, 400_000_000 + fees - 20, 400_000_000 + fees);
    }

    [Fact]
    public async Task Burned_cycles_leave_the_balance_but_never_below_the_freezing_threshold()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("CyclesUser");
        var before = ic.GetCycleBalance(id);
        Assert.Equal(1_000_000_000_000UL, await ic.UpdateCallAsync(id, "burn", Args((Nat)1_000_000_000_000UL)).NatAsync());
        var after = ic.GetCycleBalance(id);
        Assert.InRange(before - after, (UInt128)1_000_000_000_000UL, 1_000_000_000_000UL + 100_000_000UL);

        // Asking for everything burns only down to the threshold's reserve (and the message's own prepayment).
        ulong burned = await ic.UpdateCallAsync(id, "burn", Args((Nat)(System.Numerics.BigInteger.One << 100))).NatAsync();
        var threshold = ic.Core.Accounting.FreezingThreshold(ic.Core.Find(id)!);
        Assert.True(threshold > 0);
        Assert.InRange((UInt128)burned, after - threshold - CyclesAccounting.ExecutionReservation(ic.Options.InstructionLimit) - 10_000_000, after - threshold);
        Assert.InRange(ic.GetCycleBalance(id), threshold, threshold + CyclesAccounting.ExecutionReservation(ic.Options.InstructionLimit));
    }

    [Fact]
    public async Task Deposit_cycles_moves_the_cycles_attached_to_the_call()
    {
        await using var ic = await StartAsync();
        var sender = await ic.InstallAsync("CyclesUser");
        var target = await ic.CreateCanisterAsync(cycles: 1_000_000_000_000UL);
        var before = ic.GetCycleBalance(sender);
        await ic.UpdateCallAsync(sender, "deposit", CandidSerializer.SerializeArguments(target, (Nat)2_000_000_000_000UL));
        Assert.Equal((UInt128)3_000_000_000_000UL, ic.GetCycleBalance(target));
        Assert.InRange(before - ic.GetCycleBalance(sender), (UInt128)2_000_000_000_000UL, 2_000_000_000_000UL + 100_000_000UL);
    }

    [Fact]
    public async Task A_canister_pays_the_creation_fee_from_the_cycles_it_sends()
    {
        await using var ic = await StartAsync();
        var creator = await ic.InstallAsync("CyclesUser");
        var created = CandidSerializer.Deserialize<Principal>(await ic.UpdateCallAsync(creator, "create", Args((Nat)2_000_000_000_000UL)));
        Assert.Equal(2_000_000_000_000UL - CyclesRates.CanisterCreation, (ulong)ic.GetCycleBalance(created));

        var before = ic.GetCycleBalance(creator);
        var error = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(creator, "create", Args((Nat)100_000_000_000UL)));
        Assert.Contains("Creating a canister requires a fee of 500_000_000_000 that is deducted from the canister's initial balance but only 100_000_000_000 cycles were received", error.RejectMessage);
        // The cycles sent came back with the reject: only fees were spent.
        Assert.InRange(before - ic.GetCycleBalance(creator), (UInt128)1, 100_000_000UL);
    }

    [Fact]
    public async Task A_canister_drained_to_its_freezing_threshold_refuses_updates_until_topped_up()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("CyclesUser");
        await ic.UpdateCallAsync(id, "burn", Args((Nat)(System.Numerics.BigInteger.One << 100)));
        var canister = ic.Core.Find(id)!;

        // Its controller (anonymous here) is told how much is missing; anyone else only that it is out of cycles.
        var refused = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "work", Args((Nat)1UL)));
        Assert.Equal("IC0207", refused.ErrorCode);
        Assert.Equal(RejectCode.SysTransient, refused.RejectCode);
        var match = System.Text.RegularExpressions.Regex.Match(refused.RejectMessage,
            $"^Canister {id} is out of cycles: please top up the canister with at least ([0-9_]+) additional cycles$");
        Assert.True(match.Success, refused.RejectMessage);
        var missing = UInt128.Parse(match.Groups[1].Value.Replace("_", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ic.Core.Accounting.FreezingThreshold(canister) + CyclesAccounting.ExecutionReservation(ic.Options.InstructionLimit) - canister.Cycles, missing);

        var stranger = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "work", Args((Nat)1UL), User(7)));
        Assert.Equal("IC0207", stranger.ErrorCode);
        Assert.Equal($"Canister {id} is out of cycles", stranger.RejectMessage);
        // Queries still run: they are free.
        Assert.Equal((ulong)canister.Cycles, await ic.QueryCallAsync(id, "balance", NoArgs).NatAsync());

        await ic.UpdateCallAsync(Principal.ManagementCanister, "provisional_top_up_canister",
            ManagementArgs.Encode(new ProvisionalTopUpArgs { CanisterId = id, Amount = (Nat)(System.Numerics.BigInteger)(missing + 100_000_000) }));
        await ic.UpdateCallAsync(id, "work", Args((Nat)1UL));
    }

    [Fact]
    public async Task Attaching_more_than_the_canister_may_spend_traps_with_the_IC_error()
    {
        await using var ic = await StartAsync();
        var caller = await ic.InstallAsync("CyclesUser");
        var callee = await ic.InstallAsync("CyclesUser");
        var balance = ic.GetCycleBalance(caller);
        var error = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(caller, "send",
            CandidSerializer.SerializeArguments(callee, (Nat)(System.Numerics.BigInteger)balance)));
        Assert.Equal("IC0504", error.ErrorCode);
        Assert.Matches($"^Error from Canister {caller}: Canister {caller} is out of cycles: please top up the canister with at least [0-9_]+ additional cycles$", error.RejectMessage);
        Assert.Contains(ic.GetCanisterLog(caller), r => r.Text.StartsWith($"[TRAP]: Canister {caller} is out of cycles", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stable_memory_costs_storage_for_the_time_it_is_kept()
    {
        await using var ic = await StartAsync();
        var grown = await ic.InstallAsync("CyclesUser");
        var plain = await ic.InstallAsync("CyclesUser");
        await ic.UpdateCallAsync(grown, "growStable", Args(128UL)); // 8 MiB
        var stableBytes = (ulong)ic.Core.Find(grown)!.StableMemory.Length;
        Assert.True(stableBytes >= 128UL * 65536, $"stable memory is {stableBytes} bytes");

        var (grownBefore, plainBefore) = (ic.GetCycleBalance(grown), ic.GetCycleBalance(plain));
        ic.AdvanceTime(Day);
        var grownCost = grownBefore - ic.GetCycleBalance(grown);
        var plainCost = plainBefore - ic.GetCycleBalance(plain);
        ulong nanos = (ulong)Day.Ticks * 100;
        Assert.Equal(CyclesRates.StorageCost(CyclesAccounting.MemoryBytes(ic.Core.Find(grown)!), nanos), grownCost);
        Assert.Equal(CyclesRates.StorageCost(CyclesAccounting.MemoryBytes(ic.Core.Find(plain)!), nanos), plainCost);
        // 127K cycles per GiB-second: the stable bytes alone cost their share of a day (about 86M for 8 MiB).
        Assert.True(grownCost - plainCost >= CyclesRates.StorageCost(stableBytes, nanos) - 1, $"{grownCost} - {plainCost}");

        // canister_status reports the balance and what a day of idling burns.
        var status = ManagementArgs.Decode<CanisterStatusResult>(await ic.UpdateCallAsync(Principal.ManagementCanister, "canister_status", ManagementArgs.Id(grown)));
        Assert.Equal((System.Numerics.BigInteger)ic.GetCycleBalance(grown), status.Cycles.Value);
        Assert.Equal((System.Numerics.BigInteger)CyclesRates.StorageCost(CyclesAccounting.MemoryBytes(ic.Core.Find(grown)!), nanos), status.IdleCyclesBurnedPerDay.Value);
    }
    [Theory]
    [InlineData(0UL, 2_592_000UL, 0UL)]
    [InlineData(18UL << 20, 2_592_000UL, 0UL)]
    [InlineData(3UL << 30, 2_592_000UL, 100UL)]
    [InlineData((1UL << 50) - 1, (1UL << 50) - 1, (1UL << 20) - 1)] // the largest the 128-bit arithmetic takes
    [InlineData(1UL << 50, 2_592_000UL, 7UL)]                        // past it: the BigInteger path
    [InlineData(ulong.MaxValue, ulong.MaxValue, 100UL)]              // saturates
    public void The_freezing_threshold_is_the_idle_burn_over_its_seconds_however_large(ulong bytes, ulong seconds, ulong compute)
    {
        var accounting = new CyclesAccounting(new LocalReplicaOptions().InstructionLimit);
        var canister = new State.CanisterState(Principal.Anonymous, [], 0);
        canister.Settings.MemoryAllocation = bytes;
        canister.Settings.FreezingThreshold = seconds;
        canister.Settings.ComputeAllocation = compute;
        var exact = (System.Numerics.BigInteger)bytes * CyclesRates.GibStoragePerSecond * seconds / (1UL << 30)
            + (System.Numerics.BigInteger)compute * CyclesRates.ComputePercentAllocatedPerSecond * seconds;
        var expected = exact >= (System.Numerics.BigInteger)UInt128.MaxValue ? UInt128.MaxValue : (UInt128)exact;
        Assert.Equal(expected, accounting.FreezingThreshold(canister));
    }
}
