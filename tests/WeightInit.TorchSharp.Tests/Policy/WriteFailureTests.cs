using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>What no validation can foresee (out of memory, a device error) still fails in words: a
/// <see cref="PartialInitException"/> that names what was written, never a bare native exception; and what the report
/// reads after the writes (its statistics) works for every dtype a policy can cover.</summary>
public class WriteFailureTests
{
    /// <summary>Validates like zeros_, then fails on its second write, as a device error would.</summary>
    sealed record FailingAction : InitAction
    {
        int _writes;
        public override void Validate(ParameterSite site, long[] shape) { }
        public override void Apply(Tensor target, ParameterSite site, RandomSource source)
        {
            if (++_writes == 2) throw new ExternalException("simulated device error");
            target.zero_();
        }
        internal override double MaxAbs(ParameterSite site, long[] shape) => 0;
        public override string ToString() => "failing()";
    }

    sealed class ExternalException : System.Runtime.InteropServices.ExternalException { public ExternalException(string m) : base(m) { } }

    [Fact]
    public void AFailureMidWayNamesWhatWasWritten()
    {
        using var m = new Box(("a", Linear(3, 3)), ("b", Linear(3, 3)));
        var e = Assert.Throws<PartialInitException>(() => m.ApplyInit(InitPolicy.Empty.Add(new RuleSelector(), new FailingAction())));
        Assert.Equal(new[] { "a.weight" }, e.Written);
        Assert.Equal("a.bias", e.Failed);
        Assert.IsAssignableFrom<System.Runtime.InteropServices.ExternalException>(e.InnerException);
        Assert.Contains("a.weight", e.Message);
        Assert.Contains("simulated device error", e.Message);
        Assert.True(Snapshot(m)["a.weight"].All(v => v == 0));
    }

    [Theory]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Bool)]
    public void ReportStatisticsOfIntegerParametersDoNotThrow(ScalarType dtype)
    {
        using var m = new Box(("fc", Linear(3, 3)));
        m.register_parameter("counts", new Parameter(ones(4, dtype: dtype), requires_grad: false));
        var r = m.ApplyInit(InitPolicy.Empty.ForParam("counts", "zeros_").ForLayer<Linear>("zeros_"));
        Assert.Equal(0.0, r["counts"].Mean);
        Assert.Equal(0.0, r["counts"].Std);
        Assert.True(Snapshot(m)["counts"].All(v => v == 0));
    }
}
