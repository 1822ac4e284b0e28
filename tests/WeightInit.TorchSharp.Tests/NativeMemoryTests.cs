using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Schemes;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace WeightInit.Tests;

/// <summary>10,000 calls of every scheme on a small tensor leave no tensor behind: TorchSharp's own count of live
/// tensors on this thread does not move at all. RSS is not asserted: it moves by MBs as the allocator and the GC
/// settle, so a bound on it failed at random; the benchmarks' <c>--memory</c> report measures it. In the global-RNG
/// collection because the generator-less runs draw from it.</summary>
[Collection(GlobalRngCollection.Name)]
public sealed class NativeMemoryTests : IDisposable
{
    // One intra-op thread while measuring: on a loaded 2-core machine every OpenMP barrier in the QR of orthogonal_
    // waited for a time slice (~10 ms per call, minutes per test), and tiny tensors gain nothing from threads.
    // Safe to change process-wide here: this collection runs alone.
    readonly int _threads = get_num_threads();
    public void Dispose() => set_num_threads(_threads);

    readonly ITestOutputHelper _output;
    public NativeMemoryTests(ITestOutputHelper output)
    {
        _output = output;
        set_num_threads(1);
    }

    const int Calls = 10_000;
    // Enough for anything created once on first use; the count itself needs no settling.
    const int WarmUp = 20;

    static readonly Dictionary<string, (long[] Shape, Func<Tensor, Generator?, Tensor> Call)> Schemes = new()
    {
        ["uniform_"] = (new long[] { 8, 4 }, (t, g) => InitScheme.Uniform(-1, 1).Apply(t, g)),
        ["normal_"] = (new long[] { 8, 4 }, (t, g) => InitScheme.Normal(0, 0.5).Apply(t, g)),
        ["trunc_normal_"] = (new long[] { 8, 4 }, (t, g) => t.trunc_normal_(std: 0.02, a: -0.04, b: 0.04, generator: g)),
        ["constant_"] = (new long[] { 8, 4 }, (t, _) => t.constant_(0.3)),
        ["ones_"] = (new long[] { 8, 4 }, (t, _) => t.ones_()),
        ["zeros_"] = (new long[] { 8, 4 }, (t, _) => t.zeros_()),
        ["eye_"] = (new long[] { 8, 4 }, (t, _) => t.eye_()),
        ["dirac_"] = (new long[] { 3, 3, 3 }, (t, _) => t.dirac_()),
        ["xavier_uniform_"] = (new long[] { 8, 4 }, (t, g) => t.xavier_uniform_(1.5, g)),
        ["xavier_normal_"] = (new long[] { 8, 4 }, (t, g) => t.xavier_normal_(1.5, g)),
        ["kaiming_uniform_"] = (new long[] { 8, 4 }, (t, g) => t.kaiming_uniform_(Math.Sqrt(5), generator: g)),
        ["kaiming_normal_"] = (new long[] { 8, 4 }, (t, g) => t.kaiming_normal_(mode: "fan_out", nonlinearity: "relu", generator: g)),
        ["lecun_uniform_"] = (new long[] { 8, 4 }, (t, g) => t.lecun_uniform_(g)),
        ["lecun_normal_"] = (new long[] { 8, 4 }, (t, g) => t.lecun_normal_(g)),
        ["variance_scaling_(truncated_normal)"] = (new long[] { 8, 4 }, (t, g) => t.variance_scaling_(2, "fan_avg", "truncated_normal", g)),
        ["variance_scaling_(normal)"] = (new long[] { 8, 4 }, (t, g) => t.variance_scaling_(2, "fan_avg", "normal", g)),
        ["variance_scaling_(uniform)"] = (new long[] { 8, 4 }, (t, g) => t.variance_scaling_(2, "fan_avg", "uniform", g)),
        ["orthogonal_"] = (new long[] { 8, 4 }, (t, g) => t.orthogonal_(1.0, g)),
        ["sparse_"] = (new long[] { 8, 4 }, (t, g) => t.sparse_(0.5, generator: g)),
    };

    public static IEnumerable<object[]> Cases() =>
        Schemes.Keys.SelectMany(name => new[] { new object[] { name, false }, new object[] { name, true } });

    [Fact]
    public void EveryCatalogSchemeIsMeasured()
    {
        var measured = Schemes.Keys.Select(k => k.Split('(')[0]).Distinct().OrderBy(n => n);
        Assert.Equal(InitScheme.Descriptors.Select(d => d.Name).OrderBy(n => n), measured);
    }

    static long LiveTensors => LiveTensorCount.OnThisThread;

    [Theory]
    [MemberData(nameof(Cases))]
    public void RepeatedCallsLeaveNoTensorBehind(string name, bool withGenerator)
    {
        var (shape, call) = Schemes[name];
        using var g = withGenerator ? new Generator(7) : null;
        if (!withGenerator) manual_seed(7);
        using var t = empty(shape, ScalarType.Float32);

        long growth = LiveTensorCount.GrowthOver(WarmUp, Calls, () => call(t, g));
        _output.WriteLine($"{name} generator={withGenerator}: live tensors {growth:+#;-#;0} over {Calls} calls");
        Assert.True(growth == 0, $"{name}: {growth} live tensors more after {Calls} calls");
        // The loop did real work: the tensor holds the scheme's values, not garbage.
        using var finite = t.isfinite();
        using var all = finite.all();
        Assert.True(all.item<bool>());
    }

    [Fact]
    public void TheLiveTensorCountSeesALeak()
    {
        // Guards the check above against a statistic that never moves.
        long before = LiveTensors;
        var leaked = Enumerable.Range(0, 10).Select(_ => empty(2)).ToArray();
        Assert.Equal(before + 10, LiveTensors);
        foreach (var l in leaked) l.Dispose();
        Assert.Equal(before, LiveTensors);
    }
}
