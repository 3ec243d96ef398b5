using System.Numerics;
using Bridge.Core.Rewards;

namespace Bridge.Core.Tests;

public class ScheduleVectorTests
{
    [Fact]
    public void Periods_1_to_20_match_exactly()
    {
        var file = Vectors.File("schedule.json");
        Assert.Equal(file.Big("S"), RewardSchedule.S);
        Assert.Equal(file.Big("PI"), RewardSchedule.PI);
        var e1 = file.Big("E1");
        int n = 0;
        foreach (var p in file.GetProperty("periods").EnumerateArray())
        {
            n = p.GetProperty("n").GetInt32();
            Assert.Equal(p.Big("df"), RewardSchedule.Df(n));
            Assert.Equal(p.Big("P"), RewardSchedule.P(n));
            var e = RewardSchedule.Emission(n, e1);
            Assert.Equal(p.Big("E"), e);
            Assert.Equal(p.Big("M"), RewardSchedule.MarketplaceBudget(e));
            Assert.Equal(p.Big("C"), RewardSchedule.ComputeBudget(e));
        }
        Assert.Equal(20, n);
    }

    [Fact]
    public void Period_lengths_and_periods_of_epochs_match()
    {
        var file = Vectors.File("schedule.json");
        var lengths = file.GetProperty("period_lengths");
        ulong k = lengths.GetProperty("first_period_epochs").GetUInt64();
        foreach (var p in lengths.GetProperty("periods").EnumerateArray())
            Assert.Equal(p.Big("epochs"), RewardSchedule.PeriodLength(p.GetProperty("period").GetInt32(), k));
        foreach (var set in file.GetProperty("period_of_epoch").EnumerateArray())
        {
            ulong first = set.GetProperty("first_period_epochs").GetUInt64();
            foreach (var e in set.GetProperty("epochs").EnumerateArray())
                Assert.Equal(e.GetProperty("period").GetInt32(), RewardSchedule.PeriodOfEpoch(e.GetProperty("epoch").GetUInt64(), first));
        }
    }

    [Fact]
    public void Epoch_calendar_places_window_ends_in_half_open_ranges()
    {
        var calendar = new EpochCalendar(1_000, 100);
        Assert.Equal(0UL, calendar.EpochOf(999));
        Assert.Equal(1UL, calendar.EpochOf(1_000));
        Assert.Equal(1UL, calendar.EpochOf(1_099));
        Assert.Equal(2UL, calendar.EpochOf(1_100));
        Assert.Equal((UInt128)1_100, calendar.StartNs(2));
        Assert.Equal((UInt128)1_200, calendar.EndNs(2));
        Assert.False(calendar.HasEnded(2, 1_199));
        Assert.True(calendar.HasEnded(2, 1_200));
        Assert.Equal(BigInteger.Zero, RewardSchedule.P(1) - RewardSchedule.S);
    }
}
