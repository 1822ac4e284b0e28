using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Diagnostics;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightInit.Tests.Diagnostics;

/// <summary>Models that free or rewrite their intermediates: the probe and LSUV must read each layer's output in
/// its hook. Regression tests for the "Tensor invalid -- empty handle" crash on TorchVision's models.</summary>
public class ScopedForwardProbeTests
{
    /// <summary>The TorchVision pattern: forward in its own dispose scope, only the result moved out.</summary>
    sealed class ScopedNet : Module<Tensor, Tensor>
    {
        readonly Linear lin;
        readonly ReLU act;
        public ScopedNet(Linear lin, ReLU act) : base(nameof(ScopedNet))
        {
            this.lin = lin;
            this.act = act;
            RegisterComponents();
        }

        public Tensor LinearOutput(Tensor x) => lin.forward(x);

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return act.call(lin.call(x)).MoveToOuterDisposeScope();
        }
    }

    static Linear TinyLinear()
    {
        // W = [[1, -1], [2, 0]], b = [0, -10]; on x = [[1, 2], [3, 1]]: W x + b = [[-1, -8], [2, -4]].
        var lin = Linear(2, 2);
        using (no_grad())
        {
            lin.weight!.copy_(tensor(new float[] { 1, -1, 2, 0 }).view(2, 2));
            lin.bias!.copy_(tensor(new float[] { 0, -10 }));
        }
        return lin;
    }

    static Tensor TinyInput() => tensor(new float[] { 1, 2, 3, 1 }).view(2, 2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScopedForwardAndInPlaceReluGiveTheHandComputedNumbers(bool inplace)
    {
        using var net = new ScopedNet(TinyLinear(), ReLU(inplace));
        using var x = TinyInput();
        var report = net.ProbeSignal(x, y => y.sum());

        Assert.Equal(new[] { "lin", "act" }, report.Layers.Select(l => l.Name));
        var (lin, act) = (report.Layers[0], report.Layers[1]);
        // The Linear's own output, even when the in-place ReLU has since overwritten its memory.
        Assert.Equal(SampleStd(-1, -8, 2, -4), lin.Std, 10);
        Assert.Equal(-11 / 4.0, lin.Mean, 10);
        Assert.Equal(SampleStd(0, 0, 2, 0), act.Std, 10);
        // d sum(relu(z)) / dz = [z > 0] = [[0, 0], [1, 0]]: the gradient at the Linear's output, not at the ReLU's.
        Assert.Equal(SampleStd(0, 0, 1, 0), lin.OutputGradStd!.Value, 10);
        Assert.Equal(0.0, act.OutputGradStd!.Value, 10);
        Assert.Equal(SampleStd(3, 1, 0, 0), lin.WeightGradStd!.Value, 10);
        Assert.Equal(0.5, act.DeadFraction!.Value, 10);
        Assert.Equal(2.0, report.Loss, 10);
    }

    [Fact]
    public void ProbingAScopedForwardLeavesNoLiveTensorsAndRestoresGradients()
    {
        using var net = new ScopedNet(TinyLinear(), ReLU(inplace: true));
        using var x = TinyInput();
        // Gradients from an earlier step: the probe saves and restores them, and must not leak its handles on them.
        using (NewDisposeScope()) net.call(x * 3).sum().backward();
        var gradsBefore = net.parameters().Select(p => p.grad!.clone()).ToList();
        net.ProbeSignal(x, y => y.sum());
        long before = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        for (int i = 0; i < 50; i++) net.ProbeSignal(x, y => y.sum());
        Assert.Equal(before, DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount);
        var ps = net.parameters().ToList();
        for (int i = 0; i < ps.Count; i++)
            using (var g = ps[i].grad!) Assert.True(g.allclose(gradsBefore[i], 0, 0), $"grad {i} changed");
        foreach (var g in gradsBefore) g.Dispose();
    }

    [Fact]
    public void ProbingAModelWithBuffersLeavesNoLiveTensors()
    {
        // BatchNorm's three buffers are saved and restored by every probe (the saving leaked a detach() per buffer).
        using var net = Sequential(("fc", Linear(4, 6)), ("bn", BatchNorm1d(6)), ("act", ReLU(inplace: true)));
        using var x = tensor(Enumerable.Range(0, 32).Select(i => (float)Math.Sin(i)).ToArray()).view(8, 4);
        net.ProbeSignal(x, y => y.sum());
        long before = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        for (int i = 0; i < 20; i++) net.ProbeSignal(x, y => y.sum());
        Assert.Equal(before, DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void LsuvOnAScopedForwardConvergesAndLeavesNoLiveTensors()
    {
        using var net = new ScopedNet(TinyLinear(), ReLU(inplace: true));
        using var x = TinyInput();
        using var g = new Generator(3);
        var first = net.ApplyLsuv(x, new LsuvOptions(), g);   // orthogonal_ weight, zero bias, then rescaled
        var layer = Assert.Single(first);
        Assert.Equal("lin", layer.Name);
        Assert.True(layer.Converged);
        Assert.InRange(layer.FinalStd, 0.9, 1.1);
        // The std LSUV read in its hook is the Linear's own output (the in-place ReLU rewrites it afterwards).
        using (no_grad())
        using (var y = net.LinearOutput(x)) Assert.Equal(layer.FinalStd, y.to(ScalarType.Float64).std().item<double>(), 10);

        long before = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        for (int i = 0; i < 20; i++) net.ApplyLsuv(x, new LsuvOptions(OrthonormalInit: false), g);
        Assert.Equal(before, DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount);
    }

    static double SampleStd(params double[] v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(a => (a - m) * (a - m)) / (v.Length - 1));
    }
}
