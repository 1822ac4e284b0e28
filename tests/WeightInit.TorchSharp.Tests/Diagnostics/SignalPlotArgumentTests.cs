using System;
using System.IO;
using WeightInit.Diagnostics;
using WeightInit.Plotting;
using Xunit;

namespace WeightInit.Tests.Diagnostics;

/// <summary>SignalPlot's bad arguments are argument exceptions that name the parameter, thrown before a file is
/// written (a null report in the list was a NullReferenceException from inside the plotting loop).</summary>
public class SignalPlotArgumentTests
{
    static readonly SignalReport Report = new(0, 1, 0.5, 2, Array.Empty<LayerSignal>());

    [Fact]
    public void BadArgumentsNameTheirParameterAndWriteNothing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"signalplot-{Guid.NewGuid():N}.png");
        Assert.Equal("report", Assert.Throws<ArgumentNullException>(() => ((SignalReport)null!).SavePlot(path)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => Report.SavePlot(null!)).ParamName);
        Assert.Equal("reports", Assert.Throws<ArgumentNullException>(() => SignalPlot.Save(null!, path)).ParamName);
        Assert.Equal("reports", Assert.Throws<ArgumentNullException>(() => SignalPlot.Save(new[] { ("a", Report), ("b", (SignalReport)null!) }, path)).ParamName);
        var empty = Assert.Throws<ArgumentException>(() => SignalPlot.Save(Array.Empty<(string, SignalReport)>(), path));
        Assert.Equal("reports", empty.ParamName);
        Assert.StartsWith("Nothing to plot", empty.Message, StringComparison.Ordinal);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => SignalPlot.Save(new[] { ("a", Report) }, path, width: 0)).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => SignalPlot.Save(new[] { ("a", Report) }, path, height: -1)).ParamName);
        Assert.False(File.Exists(path));
    }
}
