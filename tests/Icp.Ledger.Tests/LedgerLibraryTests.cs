using System.Numerics;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Management;
using Account = Icp.Ledger.Account;
using Value = Icp.Ledger.Icrc3.Value;

namespace Icp.Ledger.Tests;

/// <summary>Icp.Ledger's hand-written layer: accounts, amounts, the ICRC-3 hash, management canister routing.</summary>
public class LedgerLibraryTests
{
    private const string Owner = "k2t6j-2nvnp-4zjm3-25dtz-6xhaa-c7boj-5gayf-oj3xs-i43lp-teztq-6ae";

    [Fact]
    public void Accounts_format_and_parse_as_the_ICRC1_textual_encoding_vectors()
    {
        var owner = Principal.Parse(Owner);
        var one = new byte[32];
        one[31] = 1;
        var ascending = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        foreach (var (text, account) in new[]
        {
            (Owner, new Account(owner)),
            (Owner + "-6cc627i.1", new Account(owner, one)),
            (Owner + "-dfxgiyy.102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", new Account(owner, ascending)),
        })
        {
            Assert.Equal(text, account.ToString());
            Assert.Equal(account, Account.Parse(text));
        }
        Assert.Equal(Owner, new Account(owner, new byte[32]).ToString());
        Assert.Equal(new Account(owner), new Account(owner, new byte[32]));
    }

    [Theory]
    [InlineData(Owner + "-6cc627j.1")]         // wrong checksum
    [InlineData(Owner + "-6cc627i.01")]        // leading zero
    [InlineData(Owner + "-6cc627i.")]          // empty subaccount
    [InlineData(Owner + "-6cc627i.1.1")]       // two dots
    [InlineData(Owner + ".1")]                 // no checksum
    [InlineData(Owner + "-6cc627i.g")]         // not hex
    [InlineData("k2t6j-2nvnp-4zjm3-25dtz-6xhaa-c7boj-5gayf-oj3xs-i43lp-teztq-6ae-q6bn32y.0")] // the default subaccount, explicit
    [InlineData(Owner + "-abcdefg.10000000000000000000000000000000000000000000000000000000000000000")] // 65 digits
    [InlineData("not a principal")]
    public void Non_canonical_account_text_is_refused(string text)
    {
        Assert.False(Account.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Account.Parse(text));
    }

    [Fact]
    public void Token_amounts_are_exact_and_parse_and_print_decimals()
    {
        var a = TokenAmount.Parse("12.5", 8);
        Assert.Equal((Nat)1_250_000_000UL, a.Units);
        Assert.Equal("12.5", a.ToString());
        Assert.Equal("12.50000000", a.ToFixedString());
        Assert.Equal("0.00000001", new TokenAmount(1, 8).ToString());
        Assert.Equal("3", TokenAmount.FromTokens(3, 8).ToString());
        Assert.Equal("1000", TokenAmount.Parse("1_000", 0).ToString());
        Assert.Equal(TokenAmount.Parse("1.5", 1), TokenAmount.Parse("1.50", 1));
        foreach (var bad in new[] { "", "-1", "1.", ".5", "1e5", "1.123456789", "1,5", " 1" }) Assert.False(TokenAmount.TryParse(bad, 8, out _), bad);

        var big = new TokenAmount((Nat)BigInteger.Parse("123456789012345678901234567890"), 18);
        Assert.Equal("123456789012.34567890123456789", big.ToString());
        Assert.Equal(big, TokenAmount.Parse(big.ToString(), 18));
        Assert.Equal(new TokenAmount(3, 8), new TokenAmount(1, 8) + new TokenAmount(2, 8));
        Assert.Equal(new TokenAmount(6, 8), new TokenAmount(2, 8) * 3);
        Assert.Throws<OverflowException>(() => new TokenAmount(1, 8) - new TokenAmount(2, 8));
        Assert.Throws<InvalidOperationException>(() => new TokenAmount(1, 8) + new TokenAmount(1, 6));
        Assert.True(new TokenAmount(1, 8) < new TokenAmount(2, 8));
    }

    [Fact]
    public void The_ICRC3_hash_matches_the_standards_vectors()
    {
        static string H(Value v) => Convert.ToHexStringLower(Icrc3Hash.Of(v));
        Assert.Equal("684888c0ebb17f374298b65ee2807526c066094c701bcc7ebbe1c1095f494fc1", H(new Value.Nat(42)));
        Assert.Equal("de5a6f78116eca62d7fc5ce159d23ae6b889b365a1739ad2cf36f925a140d0cc", H(new Value.Int(-42)));
        Assert.Equal("dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f", H(new Value.Text("Hello, World!")));
        Assert.Equal("9f64a747e1b97f131fabb6b447296c9b6f0201e79fb3c5356e6c77e89b6a806a", H(new Value.Blob([1, 2, 3, 4])));
        Assert.Equal("514a04011caa503990d446b7dec5d79e19c221ae607fb08b2848c67734d468d6", H(new Value.Array([new Value.Nat(3), new Value.Text("foo"), new Value.Blob([5, 6])])));
        Assert.Equal("c56ece650e1de4269c5bdeff7875949e3e2033f85b2d193c2ff4f7f78bdcfc75", H(new Value.Map(
        [
            new() { Item1 = "from", Item2 = new Value.Blob(Convert.FromHexString("00abcdef0012340056789a00bcdef000012345678900abcdef01")) },
            new() { Item1 = "to", Item2 = new Value.Blob(Convert.FromHexString("00ab0def0012340056789a00bcdef000012345678900abcdef01")) },
            new() { Item1 = "amount", Item2 = new Value.Nat(42) },
            new() { Item1 = "created_at", Item2 = new Value.Nat(1699218263) },
            new() { Item1 = "memo", Item2 = new Value.Nat(0) },
        ])));
        Assert.Equal("7f", Convert.ToHexStringLower(Icrc3Hash.Sleb128(-1)));
        Assert.Equal("bf7f", Convert.ToHexStringLower(Icrc3Hash.Sleb128(-65)));
        Assert.Equal("c000", Convert.ToHexStringLower(Icrc3Hash.Sleb128(64)));
        Assert.Equal("80808080808080808002", Convert.ToHexStringLower(Icrc3Hash.Leb128(BigInteger.Pow(2, 64))));
    }

    /// <summary>Records how calls are routed.</summary>
    private sealed class RecordingTransport : IEffectiveCanisterTransport
    {
        public List<(Principal Canister, Principal? Effective, string Method)> Calls { get; } = [];

        public Task<byte[]> CallAsync(Principal canister, string method, byte[] arg, CancellationToken ct)
        {
            Calls.Add((canister, null, method));
            return Task.FromResult(CandidSerializer.SerializeEmpty());
        }

        public Task<byte[]> QueryAsync(Principal canister, string method, byte[] arg, CancellationToken ct) => CallAsync(canister, method, arg, ct);

        public Task<byte[]> CallAsync(Principal canister, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken ct)
        {
            Calls.Add((canister, effectiveCanisterId, method));
            return Task.FromResult(CandidSerializer.SerializeEmpty());
        }

        public Task<byte[]> QueryAsync(Principal canister, Principal effectiveCanisterId, string method, byte[] arg, CancellationToken ct) =>
            CallAsync(canister, effectiveCanisterId, method, arg, ct);
    }

    [Fact]
    public async Task Management_calls_are_routed_by_the_canister_they_name()
    {
        var transport = new RecordingTransport();
        var target = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");
        var fallback = Principal.Parse("rrkah-fqaaa-aaaaa-aaaaq-cai");
        var management = new ManagementCanister(transport, fallback);
        await management.StartCanisterAsync(target);
        await management.InstallCodeAsync(target, [0, 0x61, 0x73, 0x6d], []);
        await management.Client.InstallChunkedCodeAsync(new InstallChunkedCodeArgs
        {
            Mode = new Icp.Ledger.Management.CanisterInstallMode.Install(), TargetCanister = target, ChunkHashesList = [], WasmModuleHash = new byte[32], Arg = [],
        });
        await Assert.ThrowsAnyAsync<Exception>(() => management.ProvisionalCreateCanisterAsync()); // the fake's empty reply does not decode
        Assert.Equal(
            [(Principal.ManagementCanister, target, "start_canister"), (Principal.ManagementCanister, target, "install_code"),
             (Principal.ManagementCanister, target, "install_chunked_code"), (Principal.ManagementCanister, fallback, "provisional_create_canister_with_cycles")],
            transport.Calls.Select(c => (c.Canister, c.Effective!, c.Method)));

        // Other canisters pass through; without a default, a call naming no canister cannot be routed.
        await new ManagementCanisterTransport(transport).CallAsync(target, "m", [], default);
        Assert.Equal((target, (Principal?)null, "m"), transport.Calls[^1]);
        Assert.Throws<InvalidOperationException>(() => new ManagementCanisterTransport(transport).EffectiveCanisterId("raw_rand", CandidSerializer.SerializeEmpty()));
    }

    [Fact]
    public void A_transfer_created_beyond_what_nat64_nanoseconds_hold_is_refused_not_wrapped()
    {
        var request = new TransferRequest { To = new Account(Principal.Parse(Owner)), Amount = 1UL, CreatedAt = new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        Assert.Throws<ArgumentOutOfRangeException>(() => request.ToArgs());
    }
}
