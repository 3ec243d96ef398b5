using System.Numerics;
using Bridge.Core.Protocol;
using Bridge.Core.Rewards;
using Icp.Candid;
using Icp.Ledger;
using Icp.Ledger.Icrc3;

namespace Bridge.Core.Tests;

public class FeeBlockVectorTests
{
    public static TheoryData<string> Cases() => [.. Vectors.Array("fee_blocks.json", "cases").Select(c => c.Str("name"))];

    private static Account FeeAccount(string name)
    {
        var a = Vectors.File("fee_blocks.json").GetProperty("fee_accounts").GetProperty(name);
        return new Account(a.Principal("owner"), a.GetProperty("subaccount").HexOrNull());
    }

    [Theory, MemberData(nameof(Cases))]
    public void Block_decodes_hashes_and_pays_as_expected(string name)
    {
        var c = Vectors.Array("fee_blocks.json", "cases").Single(x => x.Str("name") == name);
        var block = CandidSerializer.Deserialize(c.GetProperty("block_candid").Hex(), Value.Converter);
        Assert.Equal(c.Str("block_hash"), Convert.ToHexStringLower(Icrc3Hash.Of(block)));
        var r = Vectors.File("fee_blocks.json").GetProperty("receipts").GetProperty(c.Str("receipt"));
        var memo = BridgeHashes.FeeMemo(r.Str("network_id"), r.Principal("provider"), r.Str("receipt_id"));
        Assert.Equal(r.Str("fee_memo"), Convert.ToHexStringLower(memo));
        var from = new Account(r.Principal("requester"), r.GetProperty("requester_subaccount").HexOrNull());
        bool pays = FeePayment.Pays(block, from, FeeAccount(c.Str("fee_account")), r.Big("fee_amount"), memo);
        Assert.True(c.GetProperty("expected").GetBoolean() == pays, $"{name}: {c.Str("note")}");
    }

    [Fact]
    public void Fee_accounts_parse_and_print_as_icrc1_text()
    {
        foreach (var a in Vectors.File("fee_blocks.json").GetProperty("fee_accounts").EnumerateObject())
        {
            var account = FeeAccount(a.Name);
            Assert.Equal(a.Value.Str("text"), account.ToString());
            Assert.Equal(account, Account.Parse(a.Value.Str("text")));
        }
    }

    [Fact]
    public void A_block_that_is_not_a_map_or_has_a_malformed_account_pays_nothing()
    {
        var memo = new byte[32];
        var from = new Account(Principal.FromBytes([1]));
        var to = new Account(Principal.FromBytes([2]));
        Assert.False(FeePayment.Pays(new Value.Text("xfer"), from, to, BigInteger.One, memo));
        Value Tx(Value fromValue) => new Value.Map([
            new ValueMapItem { Item1 = "tx", Item2 = new Value.Map([
                new ValueMapItem { Item1 = "op", Item2 = new Value.Text("xfer") },
                new ValueMapItem { Item1 = "amt", Item2 = new Value.Nat(10) },
                new ValueMapItem { Item1 = "memo", Item2 = new Value.Blob(memo) },
                new ValueMapItem { Item1 = "from", Item2 = fromValue },
                new ValueMapItem { Item1 = "to", Item2 = new Value.Array([new Value.Blob([2])]) },
            ]) },
        ]);
        Assert.True(FeePayment.Pays(Tx(new Value.Array([new Value.Blob([1])])), from, to, 10, memo));
        Assert.False(FeePayment.Pays(Tx(new Value.Array([new Value.Blob([1]), new Value.Blob([0, 0])])), from, to, 10, memo));
        Assert.False(FeePayment.Pays(Tx(new Value.Array([new Value.Blob(new byte[30])])), from, to, 10, memo));
        Assert.False(FeePayment.Pays(Tx(new Value.Blob([1])), from, to, 10, memo));
    }
}
