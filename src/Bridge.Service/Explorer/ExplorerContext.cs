using Bridge.Core.Rewards;
using Bridge.Service.Configuration;
using Bridge.Service.Http;
using Microsoft.Extensions.Options;

namespace Bridge.Service.Explorer;

/// <summary>What the pages need from the configuration and the clock: the network, the epoch calendar, the schedule.</summary>
internal sealed class ExplorerContext(IOptions<BridgeOptions> bridge, IOptions<RewardsOptions> rewards, TimeProvider time)
{
    public string NetworkId => bridge.Value.NetworkId;

    public ulong BatchIntervalNs => (ulong)bridge.Value.BatchInterval.Ticks * 100;

    public EpochCalendar Calendar => EpochEndpoints.Calendar(bridge.Value);

    public ulong NowNs => JsonNat.Nanos(time.GetUtcNow());

    public ulong CurrentEpoch() => Calendar.EpochOf(NowNs);

    public ulong FirstPeriodEpochs => (ulong)rewards.Value.FirstPeriodEpochs;

    public System.Numerics.BigInteger EmissionPerEpoch => System.Numerics.BigInteger.Parse(rewards.Value.EmissionPerEpoch, System.Globalization.CultureInfo.InvariantCulture);
}
