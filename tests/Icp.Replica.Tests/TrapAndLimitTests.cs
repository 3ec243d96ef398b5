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
    // "good" and "bad" call the canister's own "pong"; the reply callback is table entry 1 (i32 -> ()) or entry 0, whose
    // type (i32 -> i32) the IC does not accept for a callback.
    private const string CallbackWat = """
        (module
          (import "ic0" "call_new" (func $call_new (param i32 i32 i32 i32 i32 i32 i32 i32)))
          (import "ic0" "call_perform" (func $perform (result i32)))
          (import "ic0" "canister_self_copy" (func $self_copy (param i32 i32 i32)))
          (import "ic0" "canister_self_size" (func $self_size (result i32)))
          (import "ic0" "msg_reply" (func $reply))
          (memory 1)
          (table 2 funcref)
          (elem (i32.const 0) $bad $good)
          (data (i32.const 100) "pong")
          (func $bad (param i32) (result i32) (local.get 0))
          (func $good (param i32) (call $reply))
          (func $go (param $callback i32)
            (call $self_copy (i32.const 0) (i32.const 0) (call $self_size))
            (call $call_new (i32.const 0) (call $self_size) (i32.const 100) (i32.const 4)
              (local.get $callback) (i32.const 0) (local.get $callback) (i32.const 0))
            (drop (call $perform)))
          (func (export "canister_update pong") (call $reply))
          (func (export "canister_update good") (call $go (i32.const 1)))
          (func (export "canister_update bad") (call $go (i32.const 0))))
        """;

    [Fact]
    public async Task A_callback_of_the_wrong_type_traps_and_the_call_is_rejected()
    {
        await using var ic = await StartAsync();
        var id = await ic.CreateCanisterAsync();
        await ic.InstallCodeAsync(id, Wasmtime.Module.ConvertText(CallbackWat), NoArgs);
        Assert.Empty(await ic.UpdateCallAsync(id, "good", NoArgs));
        var e = await Assert.ThrowsAsync<CallRejectedException>(() => ic.UpdateCallAsync(id, "bad", NoArgs));
        Assert.Equal(RejectCode.CanisterError, e.RejectCode);
        Assert.Contains("callback table index 0 is not a function of one pointer-sized argument and no result", e.RejectMessage);
    }
}
