using System.Numerics;
using Bridge.Core.Protocol;
using Bridge.Core.Merkle;
using Icp.Candid;

namespace Bridge.Core.Rewards;

/// <summary>An epoch's rewards (protocol section 6, steps 1–5): deterministic, exact integers, no I/O.</summary>
public static class RewardEngine
{
    /// <summary>Computes the rewards of one epoch.</summary>
    /// <exception cref="ArgumentException">A token with a zero or negative denominator, a negative rate or fee, or a subaccount not of 32 bytes.</exception>
    public static EpochRewards Compute(EpochRewardInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var S = RewardSchedule.S;
        var S2 = S * S;
        int period = RewardSchedule.PeriodOfEpoch(input.Epoch, input.FirstPeriodEpochs);
        var df = RewardSchedule.Df(period);
        var P = RewardSchedule.P(period);
        var E = RewardSchedule.Emission(period, input.EmissionPerEpoch);
        var M = RewardSchedule.MarketplaceBudget(E);
        var C = RewardSchedule.ComputeBudget(E);
        var uFactor = P * df;
        var pFactor = P * (S - df);

        var rates = new Dictionary<Principal, RewardToken>();
        foreach (var t in input.Tokens)
        {
            if (t.Den.Sign <= 0 || t.Num.Sign < 0) throw new ArgumentException($"token {t.Ledger}: the rate must be num ≥ 0, den > 0", nameof(input));
            rates.TryAdd(t.Ledger, t);
        }

        // Step 1: eligibility, F, u and p; per-owner g and h from unscaled u and p.
        int count = input.Receipts.Count;
        var results = new ReceiptReward[count];
        var owners = new Dictionary<Principal, (BigInteger G, BigInteger H)>();
        BigInteger U = BigInteger.Zero;
        for (int i = 0; i < count; i++)
        {
            var r = input.Receipts[i];
            if (r.FeeAmount.Sign < 0) throw new ArgumentException("a fee_amount is negative", nameof(input));
            if (r.RequesterSubaccount is { Length: not 32 }) throw new ArgumentException("a subaccount is 32 bytes", nameof(input));
            BigInteger? f = rates.TryGetValue(r.FeeToken, out var rate) ? r.FeeAmount * rate.Num / rate.Den : null;
            string? reason =
                r.BatchRejected ? IneligibleReasons.BatchRejected :
                !r.Countersigned ? IneligibleReasons.NotCountersigned :
                f is null ? IneligibleReasons.TokenNotRewarded :
                f.Value.IsZero ? IneligibleReasons.FeeRoundsToZero :
                r.FeeBlock is null ? IneligibleReasons.NoFeeBlock :
                !r.FeePaid ? IneligibleReasons.FeeNotPaid : null;
            if (reason is not null)
            {
                results[i] = new ReceiptReward(f, reason, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, BigInteger.Zero);
                continue;
            }
            var F = f!.Value;
            var u = F * uFactor / S2;
            var p = F * pFactor / S2;
            results[i] = new ReceiptReward(F, null, u, p, u, p);
            U += u + p;
            owners.TryGetValue(r.ProviderOwner, out var o);
            owners[r.ProviderOwner] = (o.G + r.GpuSeconds, o.H + (F - u - p));
        }

        // Step 2: the marketplace budget, each u and each p scaled on its own.
        bool scaled = U > M;
        if (scaled)
            for (int i = 0; i < count; i++)
                if (results[i].Eligible)
                    results[i] = results[i] with { UPaid = results[i].U * M / U, PPaid = results[i].P * M / U };

        // Step 3: compute rewards by GPU seconds, capped by each owner's headroom.
        BigInteger G = BigInteger.Zero;
        foreach (var o in owners.Values) G += o.G;
        var ownerList = new List<OwnerCompute>(owners.Count);
        foreach (var (owner, o) in owners)
        {
            var c = G.IsZero ? BigInteger.Zero : BigInteger.Min(C * o.G / G, o.H);
            ownerList.Add(new OwnerCompute(owner, o.G, o.H, c));
        }
        ownerList.Sort((a, b) => a.Owner.Bytes.SequenceCompareTo(b.Owner.Bytes));

        // Step 4: lines per account (all-zero subaccount = default), zero amounts dropped, in account order.
        var sums = new Dictionary<AccountKey, BigInteger>();
        void Add(Principal owner, byte[]? subaccount, BigInteger amount)
        {
            if (amount.IsZero) return;
            var key = new AccountKey(owner, subaccount is not null && subaccount.AsSpan().ContainsAnyExcept((byte)0) ? subaccount : null);
            sums[key] = sums.GetValueOrDefault(key) + amount;
        }
        for (int i = 0; i < count; i++)
        {
            if (!results[i].Eligible) continue;
            var r = input.Receipts[i];
            Add(r.Requester, r.RequesterSubaccount, results[i].UPaid);
            Add(r.ProviderOwner, null, results[i].PPaid);
        }
        foreach (var o in ownerList) Add(o.Owner, null, o.C);
        var keys = sums.Keys.ToArray();
        Array.Sort(keys);

        // Step 5: line hashes and the distribution root.
        var lines = new RewardLine[keys.Length];
        var leafHashes = new byte[keys.Length * MerkleTree.HashLength];
        BigInteger total = BigInteger.Zero;
        Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = keys.Length > 4096 ? -1 : 1 }, i =>
        {
            var k = keys[i];
            var amount = sums[k];
            var hash = BridgeHashes.LineHash(input.NetworkId, input.Epoch, k.Owner, k.Subaccount, amount);
            lines[i] = new RewardLine(k.Owner, k.Subaccount, amount, hash);
            MerkleTree.LeafHash(hash, leafHashes.AsSpan(i * MerkleTree.HashLength, MerkleTree.HashLength));
        });
        foreach (var line in lines) total += line.Amount;
        var root = MerkleTree.FromLeafHashes(leafHashes).Root;

        return new EpochRewards
        {
            Epoch = input.Epoch, Period = period, Df = df, P = P, E = E, M = M, C = C, Receipts = results, U = U,
            Scaled = scaled, Owners = ownerList, G = G, Lines = lines, Total = total, DistributionRoot = root,
        };
    }

    /// <summary>An account as lines group it: the owner, and the subaccount or <c>null</c> for the default.</summary>
    private readonly record struct AccountKey(Principal Owner, byte[]? Subaccount) : IComparable<AccountKey>
    {
        private static readonly byte[] Zero = new byte[32];

        public bool Equals(AccountKey other) => Owner == other.Owner && (Subaccount ?? Zero).AsSpan().SequenceEqual(other.Subaccount ?? Zero);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(Owner);
            h.AddBytes(Subaccount ?? Zero);
            return h.ToHashCode();
        }

        // By owner bytes (a proper prefix first), then subaccount with the default as 32 zero bytes.
        public int CompareTo(AccountKey other)
        {
            int c = Owner.Bytes.SequenceCompareTo(other.Owner.Bytes);
            return c != 0 ? c : (Subaccount ?? Zero).AsSpan().SequenceCompareTo(other.Subaccount ?? Zero);
        }
    }
}
