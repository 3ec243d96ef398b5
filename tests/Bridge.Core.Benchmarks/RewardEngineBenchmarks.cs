using System.Numerics;
using BenchmarkDotNet.Attributes;
using Bridge.Core.Rewards;
using Icp.Candid;

namespace Bridge.Core.Benchmarks;

/// <summary>An epoch of 1,000,000 eligible receipts from 10,000 requesters (some with subaccounts) at 1,000 providers.</summary>
[MemoryDiagnoser]
public class RewardEngineBenchmarks
{
    private EpochRewardInput _input = null!;

    [Params(1_000_000)]
    public int Receipts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var ledger = Principal.Parse("ryjl3-tyaaa-aaaaa-aaaba-cai");
        var requesters = Enumerable.Range(0, 10_000).Select(i => Principal.FromBytes([.. BitConverter.GetBytes(i), 7, 2])).ToArray();
        var owners = Enumerable.Range(0, 1_000).Select(i => Principal.FromBytes([.. BitConverter.GetBytes(i), 9, 2])).ToArray();
        var subaccount = Enumerable.Repeat((byte)5, 32).ToArray();
        var receipts = new RewardReceipt[Receipts];
        for (int i = 0; i < receipts.Length; i++)
            receipts[i] = new RewardReceipt
            {
                Requester = requesters[random.Next(requesters.Length)],
                RequesterSubaccount = random.Next(4) == 0 ? subaccount : null,
                ProviderOwner = owners[random.Next(owners.Length)],
                GpuSeconds = (ulong)random.Next(1, 5000),
                FeeToken = ledger,
                FeeAmount = new BigInteger(random.NextInt64(1, 10_000_000_000)),
                FeeBlock = (ulong)i,
                FeePaid = true,
                BatchRejected = false,
                Countersigned = true,
            };
        _input = new EpochRewardInput
        {
            Epoch = 500, NetworkId = "emc-local", EmissionPerEpoch = RewardSchedule.DefaultEmissionPerEpoch,
            FirstPeriodEpochs = RewardSchedule.DefaultFirstPeriodEpochs, Tokens = [new RewardToken(ledger, 1, 1)], Receipts = receipts,
        };
    }

    [Benchmark]
    public byte[] Epoch() => RewardEngine.Compute(_input).DistributionRoot;
}
