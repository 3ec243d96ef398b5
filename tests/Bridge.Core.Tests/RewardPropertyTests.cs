using System.Numerics;
using Bridge.Core.Rewards;
using Icp.Candid;

namespace Bridge.Core.Tests;

public class RewardPropertyTests
{
    private static readonly Principal RewardLedger = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");
    private static readonly Principal OtherLedger = Principal.FromBytes([0, 0, 0, 0, 0, 0, 0, 3, 1, 1]);

    private static Principal Id(int i) => Principal.FromBytes([.. BitConverter.GetBytes(i), 2]);

    /// <summary>A random epoch: 12 owners and 12 requesters mixing freely, plus a self-purchase pair (owner 1000 and
    /// its second identity 1001) whose node serves only that identity.</summary>
    private static EpochRewardInput RandomEpoch(int seed)
    {
        var random = new Random(seed);
        var receipts = new List<RewardReceipt>();
        int count = random.Next(0, 200);
        for (int i = 0; i < count; i++)
        {
            bool loop = random.Next(5) == 0;
            receipts.Add(new RewardReceipt
            {
                Requester = loop ? Id(1001) : Id(random.Next(100, 112)),
                RequesterSubaccount = random.Next(3) switch { 0 => null, 1 => new byte[32], _ => [.. Enumerable.Repeat((byte)random.Next(1, 4), 32)] },
                ProviderOwner = loop ? Id(1000) : Id(random.Next(0, 12)),
                GpuSeconds = (ulong)random.Next(0, 100_000),
                FeeToken = random.Next(8) == 0 ? OtherLedger : RewardLedger,
                FeeAmount = random.Next(4) == 0 ? new BigInteger(random.Next(0, 10)) : BigInteger.Pow(10, random.Next(3, 16)) * random.Next(1, 1000),
                FeeBlock = random.Next(10) == 0 ? null : (ulong)random.Next(),
                FeePaid = random.Next(10) != 0,
                BatchRejected = random.Next(15) == 0,
                Countersigned = random.Next(10) != 0,
            });
        }
        return new EpochRewardInput
        {
            Epoch = (ulong)random.Next(1, 2000),
            NetworkId = "emc-local",
            EmissionPerEpoch = random.Next(2) == 0 ? RewardSchedule.DefaultEmissionPerEpoch : new BigInteger(random.Next(1, 1_000_000)),
            FirstPeriodEpochs = (ulong)random.Next(1, 100),
            Tokens = [new RewardToken(RewardLedger, 1, 1), new RewardToken(OtherLedger, random.Next(0, 5), random.Next(1, 5))],
            Receipts = receipts,
        };
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory, MemberData(nameof(Seeds))]
    public void Same_input_in_any_order_gives_the_same_lines_and_root(int seed)
    {
        var input = RandomEpoch(seed);
        var first = RewardEngine.Compute(input);
        var shuffled = input with { Receipts = [.. input.Receipts.OrderBy(_ => Random.Shared.Next())] };
        var second = RewardEngine.Compute(shuffled);
        Assert.Equal(first.DistributionRoot, second.DistributionRoot);
        Assert.Equal(first.Lines.Select(l => (l.Owner, l.Amount, Convert.ToHexString(l.LineHash))), second.Lines.Select(l => (l.Owner, l.Amount, Convert.ToHexString(l.LineHash))));
        Assert.Equal(first.Total, second.Total);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Lines_stay_within_the_budgets_and_each_owner_within_its_fees(int seed)
    {
        var input = RandomEpoch(seed);
        var result = RewardEngine.Compute(input);
        Assert.True(result.Total <= result.M + result.C);
        Assert.All(result.Lines, l => Assert.True(l.Amount > 0));
        BigInteger marketplace = result.Receipts.Aggregate(BigInteger.Zero, (s, r) => s + r.UPaid + r.PPaid);
        Assert.True(marketplace <= result.M);

        // Per provider owner: its receipts' u and p (paid to it and to its requesters) plus its compute reward
        // never exceed the fees those receipts carried.
        var compute = result.Owners.ToDictionary(o => o.Owner, o => o.C);
        foreach (var owner in input.Receipts.Select(r => r.ProviderOwner).Distinct())
        {
            BigInteger paid = compute.GetValueOrDefault(owner), fees = BigInteger.Zero;
            for (int i = 0; i < input.Receipts.Count; i++)
            {
                if (input.Receipts[i].ProviderOwner != owner || !result.Receipts[i].Eligible) continue;
                paid += result.Receipts[i].UPaid + result.Receipts[i].PPaid;
                fees += result.Receipts[i].F!.Value;
            }
            Assert.True(paid <= fees, $"owner {owner}: {paid} > {fees}");
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void A_self_purchase_loop_never_nets_more_than_it_paid(int seed)
    {
        var input = RandomEpoch(seed);
        var result = RewardEngine.Compute(input);
        var loop = new[] { Id(1000), Id(1001) };
        BigInteger received = result.Lines.Where(l => loop.Contains(l.Owner)).Aggregate(BigInteger.Zero, (s, l) => s + l.Amount);
        // What the second identity paid in fees, counted in reward units (F), for receipts that earn anything.
        BigInteger paid = BigInteger.Zero;
        for (int i = 0; i < input.Receipts.Count; i++)
            if (input.Receipts[i].Requester == Id(1001) && result.Receipts[i].F is { } f) paid += f;
        Assert.True(received <= paid, $"the loop received {received} for {paid} paid");
    }

    [Fact]
    public void An_epoch_without_receipts_has_no_lines_and_the_empty_root()
    {
        var result = RewardEngine.Compute(RandomEpoch(1) with { Receipts = [] });
        Assert.Empty(result.Lines);
        Assert.Equal(BigInteger.Zero, result.Total);
        Assert.Equal(Merkle.MerkleTree.EmptyRoot, result.DistributionRoot);
    }
}
