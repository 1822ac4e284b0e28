using System;
using System.IO;
using System.Linq;
using TorchSharp;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Deferred;

/// <summary>The huge-page hint Materialize gives fresh tensors changes how their memory is faulted in, never a value.</summary>
[Collection(DeferredDefaultDeviceCollection.Name)]
public class HugePagesTests
{
    [Fact]
    public void MaterializeGivesTheSameBitsWithAndWithoutTheHint()
    {
        var engine = InitEngine.Counter(11);
        using var advised = DeferredInit.Build(() => new DeferredGpt());
        using var plain = DeferredInit.Build(() => new DeferredGpt());
        advised.Materialize(InitPolicy.Transformer(), engine);
        plain.Materialize(InitPolicy.Transformer(), engine, options: new MaterializeOptions { HugePages = false });
        var a = advised.named_parameters().ToList();
        var b = plain.named_parameters().ToList();
        Assert.Equal(a.Select(x => x.name), b.Select(x => x.name));
        for (int i = 0; i < a.Count; i++)
            Assert.True(a[i].parameter.bytes.ToArray().AsSpan().SequenceEqual(b[i].parameter.bytes.ToArray()), a[i].name);
    }

    [Fact]
    public void TheKernelTakesTheHintWhereTransparentHugePagesAreOn()
    {
        const string setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        bool on = OperatingSystem.IsLinux() && File.Exists(setting) && !File.ReadAllText(setting).Contains("[never]", StringComparison.Ordinal);
        using var big = empty(new long[] { 4 << 20 }, ScalarType.Float32);      // 16 MiB: whole 2 MiB pages inside
        using var small = empty(new long[] { 1024 }, ScalarType.Float32);
        Assert.Equal(on, HugePages.Advise(big));
        Assert.False(HugePages.Advise(small));                                     // below MinBytes: not asked
        using var meta = empty(new long[] { 4 << 20 }, ScalarType.Float32, META);
        Assert.False(HugePages.Advise(meta));                                      // no memory to advise
    }
}
