using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Diagnostics;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightInit.Tests.Diagnostics;

/// <summary>The probe reports the numbers a hand computation gives, and changes nothing in the model.</summary>
public class SignalProbeTests
{
    [Fact]
    public void ReportMatchesAHandComputationOnATinyNet()
    {
        // y = relu(W x + b) with W = [[1, -1], [2, 0]], b = [0, -10]; x = [[1, 2], [3, 1]]; loss = sum(y).
        var lin = Linear(2, 2);
        using (no_grad())
        {
            lin.weight!.copy_(tensor(new float[] { 1, -1, 2, 0 }).view(2, 2));
            lin.bias!.copy_(tensor(new float[] { 0, -10 }));
        }
        using var net = Sequential(("lin", lin), ("act", ReLU()));
        using var x = tensor(new float[] { 1, 2, 3, 1 }).view(2, 2);
        var report = net.ProbeSignal(x, y => y.sum());

        // Linear output: [[-1, -8], [2, -4]]; ReLU output: [[0, 0], [2, 0]].
        double[] linOut = { -1, -8, 2, -4 }, reluOut = { 0, 0, 2, 0 };
        Assert.Equal(2, report.Layers.Count);
        var l1 = report.Layers[0];
        var l2 = report.Layers[1];
        Assert.Equal(("lin", "Linear", 1), (l1.Name, l1.Type, l1.Depth));
        Assert.Equal(("act", "ReLU", 2), (l2.Name, l2.Type, l2.Depth));
        Assert.Equal(linOut.Average(), l1.Mean, 10);
        Assert.Equal(SampleStd(linOut), l1.Std, 10);
        Assert.Equal(reluOut.Average(), l2.Mean, 10);
        Assert.Equal(SampleStd(reluOut), l2.Std, 10);
        Assert.Equal(SampleStd(new double[] { 1, 2, 3, 1 }), report.InputStd, 10);
        Assert.Equal(SampleStd(reluOut) / report.InputStd, l2.StdRatio, 10);
        Assert.Equal(2.0, report.Loss, 10);

        // d loss / d relu-out = 1 everywhere (std 0); d loss / d lin-out = 1 where lin-out > 0: [[0,0],[1,0]].
        Assert.Equal(0.0, l2.OutputGradStd!.Value, 10);
        Assert.Equal(SampleStd(new double[] { 0, 0, 1, 0 }), l1.OutputGradStd!.Value, 10);
        // dW = g^T x = [[0,0],[1,0]]^T... row 0 of g is 0 for unit 0 except sample 1: dW[0] = 1*[3,1], dW[1] = 0.
        Assert.Equal(SampleStd(new double[] { 3, 1, 0, 0 }), l1.WeightGradStd!.Value, 10);
        // Unit 1 is 0 for both samples: dead fraction 1/2. Linear layers report no dead fraction.
        Assert.Equal(0.5, l2.DeadFraction!.Value, 10);
        Assert.Null(l1.DeadFraction);
        Assert.Null(l2.WeightGradStd);
    }

    [Fact]
    public void SaturationAndSoftmaxEntropyAreReported()
    {
        using var net = Sequential(("t", Tanh()), ("s", Sigmoid()), ("p", Softmax(-1)));
        using var x = tensor(new float[] { 10, 0, -10, 0.1f }).view(1, 4);
        var report = net.ProbeSignal(x, y => y.sum());
        // tanh: |tanh(±10)| > 0.99 for 2 of 4; sigmoid of tanh outputs (in [-1, 1]) is never saturated.
        Assert.Equal(0.5, report.Layers[0].SaturatedFraction!.Value, 10);
        Assert.Equal(0.0, report.Layers[1].SaturatedFraction!.Value, 10);
        var p = Enumerable.Range(0, 4).Select(i => Math.Tanh(new[] { 10, 0, -10, 0.1 }[i])).Select(v => 1 / (1 + Math.Exp(-v))).ToArray();
        var e = p.Select(Math.Exp).ToArray();
        var q = e.Select(v => v / e.Sum()).ToArray();
        double entropy = -q.Sum(v => v * Math.Log(v)) / Math.Log(4);
        Assert.Equal(entropy, report.Layers[2].SoftmaxEntropy!.Value, 5);
    }

    [Fact]
    public void ProbingChangesNoParameterGradientOrBuffer()
    {
        using var net = Sequential(("fc", Linear(6, 8)), ("bn", BatchNorm1d(8)), ("act", ReLU()), ("out", Linear(8, 3)));
        net.train();
        using var x = randn(16, 6);
        // Existing gradients from an earlier backward must survive; one parameter has none.
        net.call(x).sum().backward();
        var outBias = net.parameters().Last();
        outBias.grad = null;
        var paramsBefore = net.parameters().Select(p => p.detach().clone()).ToList();
        var gradsBefore = net.parameters().Select(p => p.grad?.clone()).ToList();
        var buffersBefore = net.buffers().Select(b => b.clone()).ToList();

        var report = net.ProbeSignal(x, y => y.square().mean());
        Assert.Equal(4, report.Layers.Count);

        var ps = net.parameters().ToList();
        for (int i = 0; i < ps.Count; i++)
        {
            Assert.True(ps[i].allclose(paramsBefore[i], 0, 0));
            if (gradsBefore[i] is null) Assert.Null(ps[i].grad);
            else Assert.True(ps[i].grad!.allclose(gradsBefore[i]!, 0, 0));
        }
        var bs = net.buffers().ToList();
        for (int i = 0; i < bs.Count; i++) Assert.True(bs[i].allclose(buffersBefore[i], 0, 0), $"buffer {i} changed");
    }

    [Fact]
    public void RepeatedProbesLeaveNoLiveTensors()
    {
        using var net = Sequential(("fc", Linear(6, 8)), ("act", Tanh()), ("out", Linear(8, 3)));
        using var x = randn(16, 6);
        net.ProbeSignal(x, y => y.sum());
        long before = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        for (int i = 0; i < 200; i++) net.ProbeSignal(x, y => y.sum());
        long after = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;
        Assert.Equal(before, after);
    }

    [Fact]
    public void DriftIsFlaggedBeyondTheFactor()
    {
        var lin = Linear(4, 4, hasBias: false);
        using (no_grad()) lin.weight!.copy_(eye(4) * 3);   // std triples
        using var net = Sequential(("x3", lin));
        using var x = randn(64, 4);
        var report = net.ProbeSignal(x, y => y.sum(), driftFactor: 2);
        Assert.True(report.Layers[0].Drifted);
        Assert.Single(report.Flagged);
        Assert.Equal(3.0, report.Layers[0].StdRatio, 5);
        Assert.Contains("DRIFT", report.ToString());
        Assert.False(net.ProbeSignal(x, y => y.sum(), driftFactor: 4).Layers[0].Drifted);
    }

    static double SampleStd(double[] v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(a => (a - m) * (a - m)) / (v.Length - 1));
    }
}
