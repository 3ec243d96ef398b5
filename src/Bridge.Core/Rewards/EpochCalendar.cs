namespace Bridge.Core.Rewards;

/// <summary>Epochs (protocol section 5): epoch e = 1, 2, … holds the batches whose window_end_ns is in
/// [G + (e − 1)L, G + eL).</summary>
/// <param name="GenesisNs">G, <c>Bridge:Genesis</c>, ns since the Unix epoch.</param>
/// <param name="EpochLengthNs">L, <c>Bridge:EpochLength</c>, in ns (above zero).</param>
public sealed record EpochCalendar(ulong GenesisNs, ulong EpochLengthNs)
{
    /// <summary>The default epoch length: 24 h.</summary>
    public const ulong DefaultEpochLengthNs = 24UL * 3600 * 1_000_000_000;

    /// <summary>The epoch of a batch that ended at <paramref name="windowEndNs"/>; 0 before genesis.</summary>
    public ulong EpochOf(ulong windowEndNs)
    {
        if (EpochLengthNs == 0) throw new InvalidOperationException("the epoch length is zero");
        return windowEndNs < GenesisNs ? 0 : (windowEndNs - GenesisNs) / EpochLengthNs + 1;
    }

    /// <summary>G + (e − 1)L: the first instant of epoch <paramref name="epoch"/> (1 or more).</summary>
    public UInt128 StartNs(ulong epoch) => GenesisNs + (UInt128)(epoch - 1) * EpochLengthNs;

    /// <summary>G + eL: the first instant after epoch <paramref name="epoch"/>.</summary>
    public UInt128 EndNs(ulong epoch) => GenesisNs + (UInt128)epoch * EpochLengthNs;

    /// <summary>True when no batch cut at or after <paramref name="nowNs"/> can end in <paramref name="epoch"/>.</summary>
    public bool HasEnded(ulong epoch, ulong nowNs) => nowNs >= EndNs(epoch);
}
