using Icp.Candid;
using Icp.Replica.Cycles;
using Icp.Replica.State;

namespace Icp.Replica;

/// <summary>
/// Charging cycles, as the IC's cycles account manager does: ingress induction, execution prepaid at the instruction
/// limit and refunded for what was not used, calls' response reservations, storage and compute allocation over time.
/// Kept apart from running messages (ReplicaCore.Execution) and their snapshots: these hooks only move balances.
/// </summary>
internal sealed partial class ReplicaCore
{
    /// <summary>The cycles arithmetic at this replica's instruction limit.</summary>
    public CyclesAccounting Accounting { get; }

    /// <summary>
    /// Charges storage and compute allocation for the time since the canister was last charged. A canister that cannot
    /// pay is emptied and uninstalled, as the IC does with a canister whose cycles ran out.
    /// </summary>
    internal void ChargeForResources(CanisterState canister)
    {
        if (!Accounting.Charges || TimeNanos <= canister.ResourcesChargedAtNanos) return;
        var cost = CyclesAccounting.ResourceCost(canister, TimeNanos - canister.ResourcesChargedAtNanos);
        canister.ResourcesChargedAtNanos = TimeNanos;
        if (cost <= canister.Cycles)
        {
            canister.Cycles -= cost;
            return;
        }
        canister.Cycles = 0;
        if (canister.Code is null) return;
        WriteLog(canister, System.Text.Encoding.UTF8.GetBytes($"Canister {canister.Id} ran out of cycles to pay for its storage and compute allocation and was uninstalled."));
        UninstallCode(canister);
    }

    /// <summary>Charges every canister for its resources up to now (at the start of a round).</summary>
    private void ChargeAllForResources()
    {
        foreach (var canister in Canisters.Values.ToList()) ChargeForResources(canister);
    }

    /// <summary>The IC0207 reject for a canister that cannot spend <paramref name="requested"/> above its freezing threshold.</summary>
    private Response OutOfCycles(CanisterState canister, UInt128 requested, Principal caller, string? wrap = null)
    {
        string message = CyclesAccounting.OutOfCycles(canister.Id, canister.Cycles, requested, Accounting.FreezingThreshold(canister),
            revealTopUp: canister.Controllers.Contains(caller));
        return Response.Rejected(RejectCode.SysTransient, wrap is null ? message : string.Format(System.Globalization.CultureInfo.InvariantCulture, wrap, message),
            ErrorCodes.CanisterOutOfCycles);
    }

    /// <summary>
    /// Withdraws <paramref name="amount"/> when the balance stays at or above the freezing threshold; otherwise leaves the
    /// balance and returns the IC's reject.
    /// </summary>
    private Response? TryWithdraw(CanisterState canister, UInt128 amount, Principal caller, string? wrap = null)
    {
        if (!Accounting.Charges) return null;
        if (amount > Accounting.Liquid(canister, canister.Cycles)) return OutOfCycles(canister, amount, caller, wrap);
        canister.Cycles -= amount;
        return null;
    }

    /// <summary>A canister below its freezing threshold answers no queries (free as they are), as on the IC.</summary>
    private Response? FrozenForQueries(CanisterState canister) =>
        Accounting.FreezingThreshold(canister) > canister.Cycles
            ? Response.Rejected(RejectCode.SysTransient,
                $"Canister {canister.Id} is unable to process query calls because it's frozen. Please top up the canister with cycles and try again.",
                ErrorCodes.CanisterOutOfCycles)
            : null;

    /// <summary>The ingress filter's first look at the balance: can the canister pay for receiving this message?</summary>
    private Response? CheckIngressInduction(CanisterState canister, Principal sender, string method, byte[] arg)
    {
        var cost = CyclesRates.IngressInductionCost(System.Text.Encoding.UTF8.GetByteCount(method), arg.Length);
        return cost > Accounting.Liquid(canister, canister.Cycles) ? OutOfCycles(canister, cost, sender) : null;
    }

    /// <summary>Charges the receiving canister for an ingress message as it enters; the reject when it cannot pay.</summary>
    private Response? ChargeIngressInduction(CanisterState canister, CallRequest request)
    {
        if (request.Origin is not IngressOrigin) return null;
        return TryWithdraw(canister, CyclesRates.IngressInductionCost(System.Text.Encoding.UTF8.GetByteCount(request.Method), request.Arg.Length), request.Sender);
    }

    /// <summary>
    /// Prepays a message's execution at <paramref name="limit"/> instructions. Returns the reject when the canister cannot
    /// pay above its freezing threshold; the message must then not run.
    /// </summary>
    private Response? PrepayExecution(CanisterState canister, Principal caller, long limit, out Prepayment prepayment, string? wrap = null)
    {
        var amount = Accounting.Charges ? CyclesAccounting.ExecutionReservation(limit) : 0;
        prepayment = new Prepayment(amount, canister.InstructionsExecuted);
        return TryWithdraw(canister, amount, caller, wrap);
    }

    /// <summary>True when the canister could prepay a message at the instruction limit (system tasks of a frozen canister do not run).</summary>
    private bool CanPrepayExecution(CanisterState canister) => !Accounting.Charges ||
        CyclesAccounting.ExecutionReservation(Options.InstructionLimit) <= Accounting.Liquid(canister, canister.Cycles);

    /// <summary>Keeps the cost of the instructions run since the prepayment and returns the rest.</summary>
    private void RefundExecution(CanisterState canister, Prepayment prepayment)
    {
        if (prepayment.Amount == 0) return;
        var cost = CyclesRates.ExecutionCost((long)Math.Min(canister.InstructionsExecuted - prepayment.InstructionsBefore, long.MaxValue));
        if (prepayment.Amount > cost) canister.Cycles += prepayment.Amount - cost;
    }

    /// <summary>
    /// As a response reaches its caller: the transmission fee reserved for bytes the response did not use returns, and the
    /// callback's execution is prepaid from the call's reservation.
    /// </summary>
    private Prepayment ReceiveResponse(CanisterState canister, Response response)
    {
        if (!Accounting.Charges) return new Prepayment(0, canister.InstructionsExecuted);
        ulong bytes = (ulong)(response.Reply?.Length ?? System.Text.Encoding.UTF8.GetByteCount(response.Message));
        ulong unused = bytes >= CyclesRates.MaxResponseBytes ? 0 : CyclesRates.MaxResponseBytes - bytes;
        canister.Cycles += CyclesRates.XnetByteTransmission * (UInt128)unused;
        return new Prepayment(Accounting.CallbackExecutionReservation, canister.InstructionsExecuted);
    }

    /// <summary>Installs code with its execution prepaid at the install instruction limit, as the IC charges installs.</summary>
    public void InstallCode(CanisterState canister, byte[] wasm, byte[] arg, InstallCodeMode mode, Principal sender,
        bool skipPreUpgrade = false, bool keepMainMemory = false)
    {
        ChargeForResources(canister);
        if (PrepayExecution(canister, sender, Options.InstallInstructionLimit, out var prepayment, "Canister installation failed with `{0}`.") is { } refusal)
            throw new CallRejectedException(refusal.Code, refusal.Message, refusal.ErrorCode);
        try
        {
            ExecuteInstall(canister, wasm, arg, mode, sender, skipPreUpgrade, keepMainMemory);
        }
        finally
        {
            RefundExecution(canister, prepayment);
        }
    }

    /// <summary>Cycles set aside for a message and the instruction count when they were.</summary>
    private readonly record struct Prepayment(UInt128 Amount, ulong InstructionsBefore);
}
