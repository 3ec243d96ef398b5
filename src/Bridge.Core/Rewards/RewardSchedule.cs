using System.Numerics;

namespace Bridge.Core.Rewards;

/// <summary>
/// The reward schedule of protocol section 5, exact on unbounded integers with S = 10^18: the decay factor df(n),
/// the cumulative P(n), the emission E(n) and its split into the marketplace budget M(n) and compute budget C(n),
/// and which decay period an epoch is in.
/// </summary>
public static class RewardSchedule
{
    /// <summary>S = 10^18, the fixed-point one.</summary>
    public static readonly BigInteger S = BigInteger.Pow(10, 18);

    /// <summary>PI = ⌊π·S⌋.</summary>
    public static readonly BigInteger PI = BigInteger.Parse("3141592653589793238", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The default <c>Rewards:FirstPeriodEpochs</c> (K).</summary>
    public const ulong DefaultFirstPeriodEpochs = 90;

    /// <summary>The default <c>Rewards:EmissionPerEpoch</c>: 50,000 tokens of 8 decimals.</summary>
    public static readonly BigInteger DefaultEmissionPerEpoch = 5_000_000_000_000;

    private static readonly Lock CacheLock = new();
    private static readonly List<BigInteger> PCache = [BigInteger.Zero, S]; // P(0) unused, P(1) = S

    /// <summary>df(n): S for n = 1, else ⌊(n+1)^n · S² / (n^n · PI)⌋.</summary>
    public static BigInteger Df(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (n == 1) return S;
        return BigInteger.Pow(n + 1, n) * S * S / (BigInteger.Pow(n, n) * PI);
    }

    /// <summary>P(n): S for n = 1, else ⌊P(n−1) · df(n) / S⌋.</summary>
    public static BigInteger P(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        lock (CacheLock)
        {
            while (PCache.Count <= n)
            {
                int k = PCache.Count;
                PCache.Add(PCache[k - 1] * Df(k) / S);
            }
            return PCache[n];
        }
    }

    /// <summary>E(n) = ⌊E1 · P(n) / S⌋.</summary>
    public static BigInteger Emission(int n, BigInteger emissionPerEpoch) => emissionPerEpoch * P(n) / S;

    /// <summary>M = ⌊E · 3 / 7⌋.</summary>
    public static BigInteger MarketplaceBudget(BigInteger emission) => emission * 3 / 7;

    /// <summary>C = ⌊E · 4 / 7⌋.</summary>
    public static BigInteger ComputeBudget(BigInteger emission) => emission * 4 / 7;

    /// <summary>The number of epochs of period <paramref name="period"/>: K × 2^⌊(k−1)/4⌋.</summary>
    public static BigInteger PeriodLength(int period, ulong firstPeriodEpochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        return (BigInteger)firstPeriodEpochs << ((period - 1) / 4);
    }

    /// <summary>The period that holds <paramref name="epoch"/> (1 or more), periods following each other from epoch 1.</summary>
    public static int PeriodOfEpoch(ulong epoch, ulong firstPeriodEpochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1UL);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstPeriodEpochs, 1UL);
        BigInteger end = BigInteger.Zero;
        for (int k = 1; ; k++)
        {
            end += PeriodLength(k, firstPeriodEpochs);
            if (epoch <= end) return k;
        }
    }
}
