namespace Icp.Candid.Tests.Common;

public class IcTimeTests
{
    [Fact]
    public void Every_nat64_is_a_time_truncated_to_whole_ticks()
    {
        Assert.Equal(DateTimeOffset.UnixEpoch, IcTime.ToDateTimeOffset(0));
        Assert.Equal(DateTimeOffset.UnixEpoch, IcTime.ToDateTimeOffset(99));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(1), IcTime.ToDateTimeOffset(199));
        Assert.Equal(new DateTimeOffset(2554, 7, 21, 23, 34, 33, TimeSpan.Zero).AddTicks(7_095_516), IcTime.ToDateTimeOffset(ulong.MaxValue));
        Assert.Equal(IcTime.MaxValue, IcTime.ToDateTimeOffset(ulong.MaxValue));
    }

    [Fact]
    public void Times_round_trip_through_nanoseconds()
    {
        var t = new DateTimeOffset(2026, 11, 29, 15, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        Assert.Equal(t, IcTime.ToDateTimeOffset(IcTime.ToNanoseconds(t)));
        Assert.Equal(1_700_000_000_000_000_000UL, IcTime.ToNanoseconds(IcTime.ToDateTimeOffset(1_700_000_000_000_000_000UL)));
        Assert.Equal(ulong.MaxValue - ulong.MaxValue % 100, IcTime.ToNanoseconds(IcTime.MaxValue));
    }

    [Fact]
    public void Times_a_nat64_cannot_hold_are_refused_not_wrapped()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IcTime.ToNanoseconds(DateTimeOffset.UnixEpoch.AddTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => IcTime.ToNanoseconds(IcTime.MaxValue.AddTicks(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => IcTime.ToNanoseconds(DateTimeOffset.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => IcTime.ToNanoseconds(TimeSpan.FromTicks(-1)));
        Assert.Equal(1_000_000_000UL, IcTime.ToNanoseconds(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Crc32_matches_the_zlib_check_value_and_joins_parts()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Compute("1234"u8, "56789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
    }
}
