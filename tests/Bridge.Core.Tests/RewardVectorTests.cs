using System.Numerics;
using System.Text.Json;
using Bridge.Core.Rewards;

namespace Bridge.Core.Tests;

public class RewardVectorTests
{
    public static TheoryData<string> Cases() => [.. Vectors.Array("rewards.json", "cases").Select(c => c.Str("name"))];

    internal static EpochRewardInput Input(JsonElement input) => new()
    {
        Epoch = ulong.Parse(input.Str("epoch"), System.Globalization.CultureInfo.InvariantCulture),
        NetworkId = input.Str("network_id"),
        EmissionPerEpoch = input.Big("E1"),
        FirstPeriodEpochs = ulong.Parse(input.Str("first_period_epochs"), System.Globalization.CultureInfo.InvariantCulture),
        Tokens = [.. input.GetProperty("tokens").EnumerateArray().Select(t => new RewardToken(t.Principal("ledger"), t.Big("num"), t.Big("den")))],
        Receipts = [.. input.GetProperty("receipts").EnumerateArray().Select(r => new RewardReceipt
        {
            Requester = r.Principal("requester"),
            RequesterSubaccount = r.GetProperty("requester_subaccount").HexOrNull(),
            ProviderOwner = r.Principal("provider_owner"),
            GpuSeconds = ulong.Parse(r.Str("gpu_seconds"), System.Globalization.CultureInfo.InvariantCulture),
            FeeToken = r.Principal("fee_token"),
            FeeAmount = r.Big("fee_amount"),
            FeeBlock = r.Opt("fee_block") is { } b ? ulong.Parse(b.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null,
            FeePaid = r.GetProperty("fee_paid").GetBoolean(),
            BatchRejected = r.GetProperty("batch_rejected").GetBoolean(),
            Countersigned = r.GetProperty("countersigned").GetBoolean(),
        })],
    };

    [Theory, MemberData(nameof(Cases))]
    public void Epoch_rewards_match_with_every_intermediate_value(string name)
    {
        var c = Vectors.Array("rewards.json", "cases").Single(x => x.Str("name") == name);
        var result = RewardEngine.Compute(Input(c.GetProperty("input")));
        var e = c.GetProperty("expected");
        Assert.Equal(int.Parse(e.Str("period"), System.Globalization.CultureInfo.InvariantCulture), result.Period);
        Assert.Equal(e.Big("df"), result.Df);
        Assert.Equal(e.Big("P"), result.P);
        Assert.Equal(e.Big("E"), result.E);
        Assert.Equal(e.Big("M"), result.M);
        Assert.Equal(e.Big("C"), result.C);
        var receipts = e.GetProperty("receipts").EnumerateArray().ToList();
        Assert.Equal(receipts.Count, result.Receipts.Count);
        for (int i = 0; i < receipts.Count; i++)
        {
            var x = receipts[i];
            var got = result.Receipts[i];
            Assert.Equal(x.Opt("F") is { } f ? BigInteger.Parse(f.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null, got.F);
            Assert.Equal(x.GetProperty("eligible").GetBoolean(), got.Eligible);
            if (!got.Eligible) Assert.Equal(x.Str("reason"), got.Reason);
            else
            {
                Assert.Equal(x.Big("u"), got.U);
                Assert.Equal(x.Big("p"), got.P);
                Assert.Equal(x.Big("u_paid"), got.UPaid);
                Assert.Equal(x.Big("p_paid"), got.PPaid);
            }
        }
        Assert.Equal(e.Big("U"), result.U);
        Assert.Equal(e.GetProperty("scaled").GetBoolean(), result.Scaled);
        var owners = e.GetProperty("owners").EnumerateArray().ToDictionary(o => o.Str("owner"));
        Assert.Equal(owners.Keys.Order(), result.Owners.Select(o => o.Owner.ToString()).Order());
        foreach (var o in result.Owners)
        {
            var x = owners[o.Owner.ToString()];
            Assert.Equal((x.Big("g"), x.Big("h"), x.Big("c")), (o.G, o.H, o.C));
        }
        Assert.Equal(e.Big("G"), result.G);
        var lines = e.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(lines.Count, result.Lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            var x = lines[i];
            var got = result.Lines[i];
            Assert.Equal(x.Str("owner"), got.Owner.ToString());
            Assert.Equal(x.GetProperty("subaccount").GetString(), got.Subaccount is null ? null : Convert.ToHexStringLower(got.Subaccount));
            Assert.Equal(x.Big("amount"), got.Amount);
            Assert.Equal(x.Str("line_hash"), Convert.ToHexStringLower(got.LineHash));
        }
        Assert.Equal(e.Big("total"), result.Total);
        Assert.Equal(e.Str("distribution_root"), Convert.ToHexStringLower(result.DistributionRoot));
    }
}
