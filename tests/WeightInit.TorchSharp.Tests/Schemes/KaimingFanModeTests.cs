using System;
using WeightInit.Schemes;
using Xunit;

namespace WeightInit.Tests;

/// <summary>Kaiming takes its mode as a <see cref="FanMode"/> too, like variance scaling, and means the same scheme.</summary>
public class KaimingFanModeTests
{
    [Theory]
    [InlineData(FanMode.FanIn, "fan_in")]
    [InlineData(FanMode.FanOut, "fan_out")]
    public void FanModeEqualsItsName(FanMode mode, string name)
    {
        Assert.Equal(new KaimingScheme(0.1, name, "relu", Distribution.Normal), new KaimingScheme(0.1, mode, "relu", Distribution.Normal));
        Assert.Equal(mode, new KaimingScheme(0, mode).Mode);
    }

    [Theory]
    [InlineData(FanMode.FanAvg)]
    [InlineData(FanMode.FanGeoAvg)]
    public void ModesKaimingDoesNotHaveAreRefused(FanMode mode)
    {
        var e = Assert.Throws<ArgumentException>(() => new KaimingScheme(0, mode));
        Assert.Contains("not supported", e.Message);
    }
}
