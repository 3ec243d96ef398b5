using static Icp.Replica.Tests.TestReplica;

namespace Icp.Replica.Tests;

/// <summary>Explicit traps, query traps and the per-message instruction limit.</summary>
public class TrapAndLimitTests
{
    [Fact]
    public async Task Explicit_trap_is_a_canister_error_with_the_message()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Trapper");
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "fail", Args("out of coffee")));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal(ErrorCodes.CanisterCalledTrap, e.ErrorCode);
        Assert.Equal($"Error from Canister {id}: Canister called `ic0.trap` with message: 'out of coffee'", e.RejectMessage);
    }

    [Fact]
    public async Task A_query_that_traps_is_rejected()
    {
        await using var ic = await StartAsync();
        var id = await ic.InstallAsync("Trapper");
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.QueryCallAsync(id, "failQuery", NoArgs));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Contains("query failed", e.RejectMessage);
    }

    [Fact]
    public async Task Exceeding_the_instruction_limit_traps_with_a_clear_message()
    {
        await using var ic = await StartAsync(instructionLimit: 50_000_000);
        var id = await ic.InstallAsync("Trapper");
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "spin", NoArgs));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Equal(ErrorCodes.CanisterInstructionLimitExceeded, e.ErrorCode);
        Assert.Contains("exceeded the limit of instructions for a single message execution", e.RejectMessage);
        // The canister survives and answers the next call.
        e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "fail", Args("still here")));
        Assert.Contains("still here", e.RejectMessage);
    }
}
