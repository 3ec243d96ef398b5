using Icp.Agent.Certification;
using Icp.Candid;
using Icp.Canisters.Tests.LedgerCanister;
using TransferError = Icp.Ledger.Icrc1.TransferError;
using TransferArgs = Icp.Ledger.Icrc1.TransferArgs;
using TransferFromError = Icp.Ledger.Icrc2.TransferFromError;
using ApproveError = Icp.Ledger.Icrc2.ApproveError;
using ApproveArgs = Icp.Ledger.Icrc2.ApproveArgs;
using AllowanceArgs = Icp.Ledger.Icrc2.AllowanceArgs;
using Icp.Ledger;
using Icp.Ledger.Icrc1;
using Icp.Ledger.Icrc2;
using Icp.Replica;
using Account = Icp.Ledger.Account;
using Value = Icp.Ledger.Icrc3.Value;

namespace Icp.Canisters.Tests;

/// <summary>One replica for the class; each test installs its own ledger (balances and the dedup window interfere).</summary>
public sealed class LedgerFixture : IAsyncLifetime
{
    public CertifyingReplica Ic { get; private set; } = null!;
    public byte[] Wasm { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Wasm = CanisterBuild.Instance.Wasm("ledger");
        Ic = await CertifyingReplica.StartAsync();
    }

    public async Task DisposeAsync() => await Ic.DisposeAsync();
}

/// <summary>
/// Our ICRC-1/2/3 ledger on the replica, through Icp.Ledger (the clients generated from the standards' .did files and
/// the helper layer) and, for init and the test hooks, the client generated from candid/ledger.did.
/// </summary>
public class LedgerTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private const ulong Fee = 10_000;
    private const ulong AliceStart = 1_000_000_000;
    private const ulong BobStart = 500_000_000;
    private static readonly Account Minting = Account.Of(Actors.Minter);
    private static readonly Account Alice = Account.Of(Actors.Alice);
    private static readonly Account Bob = Account.Of(Actors.Bob);
    private static readonly Account Carol = Account.Of(Actors.Carol);
    private static readonly Account AliceSub = Account.WithSubaccountIndex(Actors.Alice, 7);

    private LocalReplica Ic => fixture.Ic.Replica;

    private async Task<Principal> InstallAsync()
    {
        var id = await Ic.CreateCanisterAsync(Actors.Controller);
        await Ic.InstallCodeAsync(id, fixture.Wasm, InitArgs(), InstallCodeMode.Install, Actors.Controller);
        return id;
    }

    private static byte[] InitArgs() => LedgerCanisterClient.EncodeInitArgs(new InitArgs
    {
        MintingAccount = new LedgerCanister.Account { Owner = Actors.Minter },
        InitialBalances =
        [
            new InitArgsInitialBalancesItem { Item1 = new LedgerCanister.Account { Owner = Actors.Alice }, Item2 = AliceStart },
            new InitArgsInitialBalancesItem { Item1 = new LedgerCanister.Account { Owner = Actors.Bob }, Item2 = BobStart },
        ],
        TransferFee = Fee,
        TokenName = "Test Token",
        TokenSymbol = "TST",
        Decimals = 8,
    });

    private IcrcLedger As(Principal ledger, Principal caller) => new(Ic.AsTransport(caller), ledger);

    private async Task<Nat> Balance(Principal ledger, Account account) => (await As(ledger, Actors.Carol).BalanceOfAsync(account)).Units;

    private DateTimeOffset Now => Ic.Time;

    private TransferRequest Transfer(Account to, ulong amount, byte[]? memo = null, Nat? fee = null) =>
        new() { To = to, Amount = amount, CreatedAt = Now, Memo = memo, Fee = fee };

    private static T Rejected<T>(LedgerOutcome<TransferError> outcome) where T : TransferError =>
        Assert.IsType<T>(Assert.IsType<LedgerOutcome<TransferError>.Rejected>(outcome).Value);

    private static T Rejected<T>(LedgerOutcome<TransferFromError> outcome) where T : TransferFromError =>
        Assert.IsType<T>(Assert.IsType<LedgerOutcome<TransferFromError>.Rejected>(outcome).Value);

    private static T Rejected<T>(LedgerOutcome<ApproveError> outcome) where T : ApproveError =>
        Assert.IsType<T>(Assert.IsType<LedgerOutcome<ApproveError>.Rejected>(outcome).Value);

    // ------------------------------------------------------------------ ICRC-1

    [Fact]
    public async Task Metadata_supply_and_initial_balances()
    {
        var id = await InstallAsync();
        var ledger = As(id, Actors.Carol);
        Assert.Equal("Test Token", await ledger.Icrc1.Icrc1NameAsync());
        Assert.Equal("TST", await ledger.Icrc1.Icrc1SymbolAsync());
        Assert.Equal(8, await ledger.GetDecimalsAsync());
        Assert.Equal(new TokenAmount(Fee, 8), await ledger.FeeAsync());
        Assert.Equal(Minting, (Account)(await ledger.Icrc1.Icrc1MintingAccountAsync())!);
        Assert.Equal((Nat)(AliceStart + BobStart), await ledger.Icrc1.Icrc1TotalSupplyAsync());
        Assert.Equal("10", (await ledger.BalanceOfAsync(Alice)).ToString());
        Assert.Equal((Nat)BobStart, await Balance(id, Bob));
        Assert.Equal(Nat.Zero, await Balance(id, AliceSub));
        var standards = (await ledger.Icrc1.Icrc1SupportedStandardsAsync()).Select(s => s.Name).ToList();
        Assert.Equal(["ICRC-1", "ICRC-2", "ICRC-3"], standards);
        var metadata = (await ledger.Icrc1.Icrc1MetadataAsync()).ToDictionary(m => m.Item1, m => m.Item2);
        Assert.Equal(new Icp.Ledger.Icrc1.Value.Text("TST"), metadata["icrc1:symbol"]);
        Assert.Equal(new Icp.Ledger.Icrc1.Value.Nat(Fee), metadata["icrc1:fee"]);
    }

    [Fact]
    public async Task A_transfer_moves_the_amount_and_burns_the_fee()
    {
        var id = await InstallAsync();
        var outcome = await As(id, Actors.Alice).TransferAsync(Transfer(AliceSub, 100_000));
        Assert.Equal(2, (int)(ulong)Assert.IsType<LedgerOutcome<TransferError>.Ok>(outcome).Block);
        Assert.Equal((Nat)(AliceStart - 100_000 - Fee), await Balance(id, Alice));
        Assert.Equal((Nat)100_000UL, await Balance(id, AliceSub));
        Assert.Equal((Nat)(AliceStart + BobStart - Fee), await As(id, Actors.Carol).Icrc1.Icrc1TotalSupplyAsync());

        // From a subaccount, with the fee stated.
        var back = await As(id, Actors.Alice).TransferAsync(Transfer(Bob, 50_000, fee: Fee) with { FromSubaccount = AliceSub.Subaccount });
        Assert.True(back.IsSuccess);
        Assert.Equal((Nat)(100_000UL - 50_000 - Fee), await Balance(id, AliceSub));
        Assert.Equal((Nat)(BobStart + 50_000), await Balance(id, Bob));
    }

    [Fact]
    public async Task Bad_fee_and_insufficient_funds()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        Assert.Equal((Nat)Fee, Rejected<TransferError.BadFee>(await alice.TransferAsync(Transfer(Bob, 1, fee: Fee - 1))).Value.ExpectedFee);
        Assert.Equal((Nat)Fee, Rejected<TransferError.BadFee>(await alice.TransferAsync(Transfer(Bob, 1, fee: Fee + 1))).Value.ExpectedFee);
        Assert.Equal((Nat)AliceStart, Rejected<TransferError.InsufficientFunds>(await alice.TransferAsync(Transfer(Bob, AliceStart))).Value.Balance);
        Assert.Equal(Nat.Zero, Rejected<TransferError.InsufficientFunds>(await As(id, Actors.Carol).TransferAsync(Transfer(Bob, 1))).Value.Balance);
        // The whole balance minus the fee is fine.
        Assert.True((await alice.TransferAsync(Transfer(Bob, AliceStart - Fee))).IsSuccess);
        Assert.Equal(Nat.Zero, await Balance(id, Alice));
    }

    [Fact]
    public async Task Minting_and_burning_are_free_and_a_small_burn_is_bad()
    {
        var id = await InstallAsync();
        var minter = As(id, Actors.Minter);
        Assert.True((await minter.TransferAsync(Transfer(Carol, 1_000_000))).IsSuccess);
        Assert.Equal((Nat)1_000_000UL, await Balance(id, Carol));
        Assert.Equal((Nat)(AliceStart + BobStart + 1_000_000), await minter.Icrc1.Icrc1TotalSupplyAsync());
        Assert.Equal(Nat.Zero, Rejected<TransferError.BadFee>(await minter.TransferAsync(Transfer(Carol, 1, fee: Fee))).Value.ExpectedFee);
        Assert.True((await minter.TransferAsync(Transfer(Carol, 1, fee: 0))).IsSuccess);

        var carol = As(id, Actors.Carol);
        Assert.Equal((Nat)Fee, Rejected<TransferError.BadBurn>(await carol.TransferAsync(Transfer(Minting, Fee - 1))).Value.MinBurnAmount);
        Assert.Equal(Nat.Zero, Rejected<TransferError.BadFee>(await carol.TransferAsync(Transfer(Minting, Fee, fee: Fee))).Value.ExpectedFee);
        Assert.True((await carol.TransferAsync(Transfer(Minting, 400_000))).IsSuccess);
        Assert.Equal((Nat)600_001UL, await Balance(id, Carol));
        Assert.Equal((Nat)(AliceStart + BobStart + 600_001), await carol.Icrc1.Icrc1TotalSupplyAsync());
    }

    [Fact]
    public async Task Too_old_and_created_in_the_future()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        Rejected<TransferError.TooOld>(await alice.TransferAsync(Transfer(Bob, 1) with { CreatedAt = Now - TimeSpan.FromHours(24) - TimeSpan.FromSeconds(61) }));
        Assert.True((await alice.TransferAsync(Transfer(Bob, 1) with { CreatedAt = Now - TimeSpan.FromHours(24) })).IsSuccess);
        var future = Rejected<TransferError.CreatedInFuture>(await alice.TransferAsync(Transfer(Bob, 1) with { CreatedAt = Now + TimeSpan.FromSeconds(61) }));
        Assert.Equal(Ic.TimeNanos, future.Value.LedgerTime);
        Assert.True((await alice.TransferAsync(Transfer(Bob, 1) with { CreatedAt = Now + TimeSpan.FromSeconds(60) })).IsSuccess);
    }

    [Fact]
    public async Task An_identical_retry_is_a_duplicate_of_the_first_block_and_any_changed_field_is_a_new_transfer()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        var request = Transfer(Bob, 1_000, memo: [1, 2, 3]);
        var first = Assert.IsType<LedgerOutcome<TransferError>.Ok>(await alice.TransferAsync(request));
        Ic.AdvanceTime(TimeSpan.FromMinutes(1));
        var retry = Assert.IsType<LedgerOutcome<TransferError>.Duplicate>(await alice.TransferAsync(request));
        Assert.Equal(first.Block, retry.OriginalBlock);
        Assert.Equal(first.Block, retry.BlockIndex);
        Assert.True(retry.IsSuccess);
        // The raw generated client sees Duplicate { duplicate_of }.
        var raw = Assert.IsType<Icrc1TransferResult.Err>(await alice.Icrc1.Icrc1TransferAsync(request.ToArgs()));
        Assert.Equal(first.Block, Assert.IsType<TransferError.Duplicate>(raw.Value).Value.DuplicateOf);
        Assert.Equal((Nat)(AliceStart - 1_000 - Fee), await Balance(id, Alice));

        // Not a duplicate once any field differs, or for another caller.
        Assert.IsType<LedgerOutcome<TransferError>.Ok>(await alice.TransferAsync(request with { Memo = [1, 2, 4] }));
        Assert.IsType<LedgerOutcome<TransferError>.Ok>(await alice.TransferAsync(request with { Amount = 1_001 }));
        Assert.IsType<LedgerOutcome<TransferError>.Ok>(await alice.TransferAsync(request with { CreatedAt = request.CreatedAt.AddTicks(10) }));
        Assert.IsType<LedgerOutcome<TransferError>.Ok>(await alice.TransferAsync(request with { Fee = Fee }));
        Assert.IsType<LedgerOutcome<TransferError>.Ok>(await alice.TransferAsync(request with { To = Carol }));
        Assert.IsType<LedgerOutcome<TransferError>.Ok>(await As(id, Actors.Bob).TransferAsync(request with { To = Alice }));
        // Without created_at_time there is no deduplication.
        var noTime = new TransferArgs { To = Bob, Amount = 5 };
        Assert.IsType<Icrc1TransferResult.Ok>(await alice.Icrc1.Icrc1TransferAsync(noTime));
        Assert.IsType<Icrc1TransferResult.Ok>(await alice.Icrc1.Icrc1TransferAsync(noTime));

        // After the window the same request is too old, not a duplicate.
        Ic.AdvanceTime(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Rejected<TransferError.TooOld>(await alice.TransferAsync(request));
    }

    [Fact]
    public async Task A_retry_stays_a_duplicate_after_a_fee_change()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        var request = Transfer(Bob, 1_000, fee: Fee);
        var first = (await alice.TransferAsync(request)).EnsureSuccess();
        var hooks = new LedgerCanisterClient(Ic.AsTransport(Actors.Minter), id);
        Assert.IsType<SetTransferFeeResult.Ok>(await hooks.SetTransferFeeAsync(2 * Fee));
        Assert.Equal(first, Assert.IsType<LedgerOutcome<TransferError>.Duplicate>(await alice.TransferAsync(request)).OriginalBlock);
        Assert.Equal((Nat)(2 * Fee), Rejected<TransferError.BadFee>(await alice.TransferAsync(request with { Memo = [9] })).Value.ExpectedFee);
        Assert.IsType<SetTransferFeeResult.Err>(await new LedgerCanisterClient(Ic.AsTransport(Actors.Alice), id).SetTransferFeeAsync(0));
    }

    [Fact]
    public async Task Temporarily_unavailable_and_generic_errors()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        Assert.IsType<SetUnavailableResult.Err>(await new LedgerCanisterClient(Ic.AsTransport(Actors.Alice), id).SetUnavailableAsync(true));
        var hooks = new LedgerCanisterClient(Ic.AsTransport(Actors.Controller), id);
        Assert.IsType<SetUnavailableResult.Ok>(await hooks.SetUnavailableAsync(true));
        Rejected<TransferError.TemporarilyUnavailable>(await alice.TransferAsync(Transfer(Bob, 1)));
        Rejected<ApproveError.TemporarilyUnavailable>(await alice.ApproveAsync(new ApproveArgs { Spender = Bob, Amount = 1 }));
        Rejected<TransferFromError.TemporarilyUnavailable>(await As(id, Actors.Bob).TransferFromAsync(new TransferFromRequest { From = Alice, To = Bob, Amount = 1, CreatedAt = Now }));
        Assert.Equal((Nat)AliceStart, await Balance(id, Alice));     // queries still answer
        Assert.IsType<SetUnavailableResult.Ok>(await hooks.SetUnavailableAsync(false));
        Assert.True((await alice.TransferAsync(Transfer(Bob, 1))).IsSuccess);

        var longMemo = Rejected<TransferError.GenericError>(await alice.TransferAsync(Transfer(Bob, 1, memo: new byte[33])));
        Assert.Equal((Nat)1UL, longMemo.Value.ErrorCode);
        Assert.True((await alice.TransferAsync(Transfer(Bob, 1, memo: new byte[32]))).IsSuccess);
        var badSub = await alice.Icrc1.Icrc1TransferAsync(new TransferArgs { To = new Icp.Ledger.Icrc1.Account { Owner = Actors.Bob, Subaccount = new byte[31] }, Amount = 1 });
        Assert.IsType<TransferError.GenericError>(Assert.IsType<Icrc1TransferResult.Err>(badSub).Value);
        Rejected<TransferError.GenericError>(await As(id, Actors.Minter).TransferAsync(Transfer(Minting, 1)));
    }

    // ------------------------------------------------------------------ ICRC-2

    [Fact]
    public async Task Approve_then_transfer_from_spends_amount_and_fee_from_the_allowance()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        var bob = As(id, Actors.Bob);
        Assert.True((await alice.ApproveAsync(new ApproveArgs { Spender = Bob, Amount = 100_000 })).IsSuccess);
        Assert.Equal((Nat)(AliceStart - Fee), await Balance(id, Alice));
        var allowance = await alice.Icrc2.Icrc2AllowanceAsync(new AllowanceArgs { Account = Alice, Spender = Bob });
        Assert.Equal((Nat)100_000UL, allowance.Allowance);
        Assert.Null(allowance.ExpiresAt);

        var tooMuch = Rejected<TransferFromError.InsufficientAllowance>(await bob.TransferFromAsync(new TransferFromRequest { From = Alice, To = Carol, Amount = 100_000, CreatedAt = Now }));
        Assert.Equal((Nat)100_000UL, tooMuch.Value.Allowance);
        Rejected<TransferFromError.InsufficientAllowance>(await As(id, Actors.Carol).TransferFromAsync(new TransferFromRequest { From = Alice, To = Carol, Amount = 1, CreatedAt = Now }));

        var request = new TransferFromRequest { From = Alice, To = Carol, Amount = 40_000, CreatedAt = Now, Memo = [7] };
        var block = (await bob.TransferFromAsync(request)).EnsureSuccess();
        Assert.Equal(block, Assert.IsType<LedgerOutcome<TransferFromError>.Duplicate>(await bob.TransferFromAsync(request)).OriginalBlock);
        Assert.Equal((Nat)40_000UL, await Balance(id, Carol));
        Assert.Equal((Nat)(AliceStart - Fee - 40_000 - Fee), await Balance(id, Alice));
        Assert.Equal((Nat)(100_000UL - 40_000 - Fee), (await alice.Icrc2.Icrc2AllowanceAsync(new AllowanceArgs { Account = Alice, Spender = Bob })).Allowance);
        Assert.Equal((Nat)Fee, Rejected<TransferFromError.BadFee>(await bob.TransferFromAsync(request with { Memo = [8], Fee = 1 })).Value.ExpectedFee);

        // Burning through an allowance (to the minting account) is free but must reach the minimum.
        Assert.Equal((Nat)Fee, Rejected<TransferFromError.BadBurn>(await bob.TransferFromAsync(request with { To = Minting, Amount = 1, Memo = [9] })).Value.MinBurnAmount);
        Assert.True((await bob.TransferFromAsync(request with { To = Minting, Amount = Fee, Memo = [9] })).IsSuccess);
    }

    [Fact]
    public async Task Transfer_from_with_insufficient_funds_too_old_and_in_the_future()
    {
        var id = await InstallAsync();
        Assert.True((await As(id, Actors.Bob).ApproveAsync(new ApproveArgs { Spender = Alice, Amount = 10 * (ulong)BobStart })).IsSuccess);
        var alice = As(id, Actors.Alice);
        var request = new TransferFromRequest { From = Bob, To = Carol, Amount = BobStart, CreatedAt = Now };
        Assert.Equal((Nat)(BobStart - Fee), Rejected<TransferFromError.InsufficientFunds>(await alice.TransferFromAsync(request)).Value.Balance);
        Rejected<TransferFromError.TooOld>(await alice.TransferFromAsync(request with { Amount = 1, CreatedAt = Now - TimeSpan.FromDays(2) }));
        Rejected<TransferFromError.CreatedInFuture>(await alice.TransferFromAsync(request with { Amount = 1, CreatedAt = Now + TimeSpan.FromMinutes(5) }));
        Rejected<TransferFromError.GenericError>(await alice.TransferFromAsync(request with { Amount = 1, Memo = new byte[40] }));
        // The spender's own account needs no allowance.
        Assert.True((await As(id, Actors.Carol).TransferFromAsync(new TransferFromRequest { From = Bob, To = Carol, Amount = 1, CreatedAt = Now })).IsSuccess is false);
        Assert.True((await alice.TransferFromAsync(new TransferFromRequest { From = Alice, To = Carol, Amount = 1, CreatedAt = Now })).IsSuccess);
    }

    [Fact]
    public async Task Approve_errors_every_variant()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        ulong now = Ic.TimeNanos;
        var args = new ApproveArgs { Spender = Bob, Amount = 5_000, CreatedAtTime = now, Memo = [1] };
        var first = (await alice.ApproveAsync(args)).EnsureSuccess();
        Assert.Equal(first, Assert.IsType<LedgerOutcome<ApproveError>.Duplicate>(await alice.ApproveAsync(args)).OriginalBlock);

        var changed = Rejected<ApproveError.AllowanceChanged>(await alice.ApproveAsync(args with { Memo = [2], ExpectedAllowance = 4_999 }));
        Assert.Equal((Nat)5_000UL, changed.Value.CurrentAllowance);
        Assert.True((await alice.ApproveAsync(args with { Memo = [3], ExpectedAllowance = 5_000, Amount = 6_000 })).IsSuccess);

        Assert.Equal(now, Rejected<ApproveError.Expired>(await alice.ApproveAsync(args with { Memo = [4], ExpiresAt = now - 1 })).Value.LedgerTime);
        Assert.Equal((Nat)Fee, Rejected<ApproveError.BadFee>(await alice.ApproveAsync(args with { Memo = [5], Fee = 1 })).Value.ExpectedFee);
        Assert.Equal(Nat.Zero, Rejected<ApproveError.InsufficientFunds>(await As(id, Actors.Carol).ApproveAsync(args with { Memo = [6] })).Value.Balance);
        Rejected<ApproveError.TooOld>(await alice.ApproveAsync(args with { Memo = [7], CreatedAtTime = now - 25UL * 3600 * 1_000_000_000 }));
        Rejected<ApproveError.CreatedInFuture>(await alice.ApproveAsync(args with { Memo = [8], CreatedAtTime = now + 61UL * 1_000_000_000 }));
        Rejected<ApproveError.GenericError>(await alice.ApproveAsync(args with { Memo = [9], Spender = Alice }));                    // self approval
        Rejected<ApproveError.GenericError>(await As(id, Actors.Minter).ApproveAsync(args with { Memo = [10] }));                  // the minting account
        Rejected<ApproveError.GenericError>(await alice.ApproveAsync(args with { Memo = new byte[33] }));

        Assert.Equal((Nat)6_000UL, (await alice.Icrc2.Icrc2AllowanceAsync(new AllowanceArgs { Account = Alice, Spender = Bob })).Allowance);
    }

    [Fact]
    public async Task An_allowance_expires()
    {
        var id = await InstallAsync();
        ulong expires = Ic.TimeNanos + 60UL * 1_000_000_000;
        Assert.True((await As(id, Actors.Alice).ApproveAsync(new ApproveArgs { Spender = Bob, Amount = 50_000, ExpiresAt = expires })).IsSuccess);
        var allowance = await As(id, Actors.Alice).Icrc2.Icrc2AllowanceAsync(new AllowanceArgs { Account = Alice, Spender = Bob });
        Assert.Equal(expires, allowance.ExpiresAt);
        Ic.AdvanceTime(TimeSpan.FromMinutes(2));
        Assert.Equal(Nat.Zero, (await As(id, Actors.Alice).Icrc2.Icrc2AllowanceAsync(new AllowanceArgs { Account = Alice, Spender = Bob })).Allowance);
        Rejected<TransferFromError.InsufficientAllowance>(await As(id, Actors.Bob).TransferFromAsync(new TransferFromRequest { From = Alice, To = Bob, Amount = 1, CreatedAt = Now }));
    }

    // ------------------------------------------------------------------ ICRC-3

    private static Value Field(Value map, string name) =>
        Assert.IsType<Value.Map>(map).Value.Single(e => e.Item1 == name).Item2;

    private static bool Has(Value map, string name) => Assert.IsType<Value.Map>(map).Value.Any(e => e.Item1 == name);

    private static Value AccountValue(Account a) =>
        a.Subaccount is { } sub ? new Value.Array([new Value.Blob(a.Owner.ToArray()), new Value.Blob(sub)]) : new Value.Array([new Value.Blob(a.Owner.ToArray())]);

    private static void AssertValue(Value expected, Value actual) => Assert.Equal(Icrc3Hash.Of(expected), Icrc3Hash.Of(actual));

    [Fact]
    public async Task Blocks_record_every_operation_and_chain_by_phash()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        ulong t0 = Ic.TimeNanos;
        (await alice.TransferAsync(Transfer(AliceSub, 1_000, memo: [0xAA]))).EnsureSuccess();                // 2: xfer, created_at_time
        Assert.IsType<Icrc1TransferResult.Ok>(await alice.Icrc1.Icrc1TransferAsync(new TransferArgs { To = Bob, Amount = 2_000, Fee = Fee })); // 3: xfer with fee
        (await As(id, Actors.Minter).TransferAsync(Transfer(Carol, 30_000))).EnsureSuccess();                 // 4: mint
        (await As(id, Actors.Carol).TransferAsync(Transfer(Minting, 20_000))).EnsureSuccess();                // 5: burn
        (await alice.ApproveAsync(new ApproveArgs { Spender = Bob, Amount = 90_000, ExpiresAt = t0 + 1_000_000_000_000 })).EnsureSuccess(); // 6: approve
        (await As(id, Actors.Bob).TransferFromAsync(new TransferFromRequest { From = Alice, To = Carol, Amount = 500, CreatedAt = Now })).EnsureSuccess(); // 7: xfer by a spender

        var blocks = await alice.GetBlocksAsync(batchSize: 3).ToListAsync();
        Assert.Equal(8, blocks.Count);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (Nat)i), blocks.Select(b => b.Index));

        // The chain: no phash in block 0, then each phash is the ICRC-3 hash of the block before.
        Assert.Null(blocks[0].ParentHash);
        for (int i = 1; i < blocks.Count; i++) Assert.Equal(blocks[i - 1].Hash(), blocks[i].ParentHash);
        Assert.All(blocks, b => Assert.Equal(t0, b.Timestamp));

        AssertValue(new Value.Map([new() { Item1 = "op", Item2 = new Value.Text("mint") }, new() { Item1 = "to", Item2 = AccountValue(Alice) }, new() { Item1 = "amt", Item2 = new Value.Nat(AliceStart) }]), Field(blocks[0].Value, "tx"));
        var xfer = Field(blocks[2].Value, "tx");
        Assert.Equal(new Value.Text("xfer"), Field(xfer, "op"));
        AssertValue(AccountValue(Alice), Field(xfer, "from"));
        AssertValue(AccountValue(AliceSub), Field(xfer, "to"));
        Assert.Equal(new Value.Nat(1_000), Field(xfer, "amt"));
        AssertValue(new Value.Blob([0xAA]), Field(xfer, "memo"));
        Assert.Equal(new Value.Nat(t0), Field(xfer, "ts"));
        Assert.False(Has(xfer, "fee"));
        Assert.Equal(new Value.Nat(Fee), Field(blocks[2].Value, "fee"));          // charged, not stated: top level
        Assert.Equal(new Value.Nat(Fee), Field(Field(blocks[3].Value, "tx"), "fee")); // stated: in tx
        Assert.False(Has(blocks[3].Value, "fee"));
        Assert.Equal(new Value.Text("mint"), Field(Field(blocks[4].Value, "tx"), "op"));
        Assert.False(Has(blocks[4].Value, "fee"));
        var burn = Field(blocks[5].Value, "tx");
        Assert.Equal(new Value.Text("burn"), Field(burn, "op"));
        Assert.False(Has(burn, "to"));
        var approve = Field(blocks[6].Value, "tx");
        Assert.Equal(new Value.Text("approve"), Field(approve, "op"));
        AssertValue(AccountValue(Bob), Field(approve, "spender"));
        Assert.Equal(new Value.Nat(t0 + 1_000_000_000_000), Field(approve, "expires_at"));
        var from = Field(blocks[7].Value, "tx");
        AssertValue(AccountValue(Bob), Field(from, "spender"));
        AssertValue(AccountValue(Alice), Field(from, "from"));

        // Paging from the middle and partial ranges.
        Assert.Equal([(Nat)5, (Nat)6], (await alice.GetBlocksAsync(5, 2, batchSize: 1).ToListAsync()).Select(b => b.Index));
        Assert.Empty(await alice.GetBlocksAsync(8).ToListAsync());
        var raw = await alice.Icrc3.Icrc3GetBlocksAsync([new() { Start = 6, Length = 10 }, new() { Start = 0, Length = 1 }]);
        Assert.Equal((Nat)8, raw.LogLength);
        Assert.Equal([(Nat)6, (Nat)7, (Nat)0], raw.Blocks.Select(b => b.Id));
        Assert.Empty(raw.ArchivedBlocks);
        Assert.Empty(await alice.Icrc3.Icrc3GetArchivesAsync(new Icp.Ledger.Icrc3.GetArchivesArgs()));
        var types = (await alice.Icrc3.Icrc3SupportedBlockTypesAsync()).Select(t => t.BlockType).Order().ToList();
        Assert.Equal(["1burn", "1mint", "1xfer", "2approve", "2xfer"], types);
    }

    [Fact]
    public async Task The_tip_certificate_certifies_the_last_block_hash_and_index()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        await alice.TransferAsync(Transfer(Bob, 1));
        var blocks = await alice.GetBlocksAsync().ToListAsync();
        var tip = (await alice.Icrc3.Icrc3GetTipCertificateAsync())!;
        var tree = HashTreeCbor.Decode(tip.HashTree);
        Assert.Equal(tree.Digest(), CertifyingReplica.VerifiedCertifiedData(tip.Certificate, id));
        Assert.Equal(blocks[^1].Hash(), tree.Lookup("last_block_hash").Value);
        Assert.Equal(Leb128.EncodeUnsigned((ulong)blocks.Count - 1), tree.Lookup("last_block_index").Value);
    }

    [Fact]
    public async Task An_upgrade_keeps_balances_blocks_allowances_and_the_dedup_window()
    {
        var id = await InstallAsync();
        var alice = As(id, Actors.Alice);
        var request = Transfer(Bob, 1_234, memo: [5]);
        var block = (await alice.TransferAsync(request)).EnsureSuccess();
        await alice.ApproveAsync(new ApproveArgs { Spender = Carol, Amount = 777 });
        var before = await alice.GetBlocksAsync().Select(b => Convert.ToHexString(b.Hash())).ToListAsync();
        var certified = Ic.GetCertifiedData(id);

        await Ic.InstallCodeAsync(id, fixture.Wasm, InitArgs(), InstallCodeMode.Upgrade, Actors.Controller);

        Assert.Equal((Nat)(AliceStart - 1_234 - 2 * Fee), await Balance(id, Alice));
        Assert.Equal((Nat)(BobStart + 1_234), await Balance(id, Bob));
        Assert.Equal((Nat)777UL, (await alice.Icrc2.Icrc2AllowanceAsync(new AllowanceArgs { Account = Alice, Spender = Carol })).Allowance);
        Assert.Equal(before, await alice.GetBlocksAsync().Select(b => Convert.ToHexString(b.Hash())).ToListAsync());
        Assert.Equal(certified, Ic.GetCertifiedData(id));
        Assert.Equal(block, Assert.IsType<LedgerOutcome<TransferError>.Duplicate>(await alice.TransferAsync(request)).OriginalBlock);
        Assert.True((await alice.TransferAsync(Transfer(Bob, 1))).IsSuccess);
    }
}
