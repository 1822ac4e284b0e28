using System;
using System.Linq;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Rnn preset: each gate block of weight_hh orthogonal, of weight_ih xavier with the block's own fans,
/// biases zero but the LSTM forget gate's bias_ih block.</summary>
public class RnnPresetTests
{
    const int H = 16;

    static Box Net() => new(("lstm", LSTM(8, H, numLayers: 2, bidirectional: true)), ("gru", GRU(8, H)), ("rnn", RNN(8, H)),
        ("lstmcell", LSTMCell(8, H)), ("grucell", GRUCell(8, H)));

    static int Gates(string name) => name.StartsWith("lstm", StringComparison.Ordinal) ? 4 : name.StartsWith("gru", StringComparison.Ordinal) ? 3 : 1;

    [Fact]
    public void GateBlocksOrthogonalAndXavierAndForgetBias()
    {
        using var m = Net();
        using var g = Gen();
        m.ApplyInit(InitPolicy.Rnn().Strict(), g);
        int checkedHh = 0;
        foreach (var (name, p) in m.named_parameters())
        {
            int gates = Gates(name);
            if (name.Contains("weight_hh"))
                for (int i = 0; i < gates; i++)
                {
                    using var scope = NewDisposeScope();
                    var block = p.detach().narrow(0, i * H, H).to(ScalarType.Float64);
                    double err = block.t().mm(block).sub(eye(H, dtype: ScalarType.Float64)).abs().max().item<double>();
                    Assert.True(err < 1e-5, $"{name} gate {i}: |QᵀQ - I| = {err}");
                    checkedHh++;
                }
            else if (name.Contains("weight_ih"))
            {
                var v = Values(p);
                long fanIn = p.shape[1], n = H * fanIn;
                for (int i = 0; i < gates; i++)
                    AssertUniformBound(v.Skip((int)(i * n)).Take((int)n).ToArray(), Math.Sqrt(6.0 / (H + fanIn)), $"{name} gate {i}");
            }
            else
            {
                var v = Values(p);
                bool forget = name.StartsWith("lstm", StringComparison.Ordinal) && name.Contains("bias_ih", StringComparison.Ordinal);
                for (int j = 0; j < v.Length; j++)
                    Assert.True(v[j] == (forget && j / H == 1 ? 1.0 : 0.0), $"{name}[{j}] = {v[j]}");
            }
        }
        Assert.Equal(4 * 4 + 4 + 3 + 1 + 3, checkedHh);
    }

    [Fact]
    public void ForgetBiasIsTunableAndCanBeOff()
    {
        using var m = new Box(("lstm", LSTM(8, H)));
        using (var g = Gen()) m.ApplyInit(InitPolicy.Rnn(lstmForgetBias: 2.5), g);
        var b = Snapshot(m)["lstm.bias_ih_l0"];
        Assert.Equal(Enumerable.Repeat(0.0, H).Concat(Enumerable.Repeat(2.5, H)).Concat(Enumerable.Repeat(0.0, 2 * H)), b);
        using (var g = Gen()) m.ApplyInit(InitPolicy.Rnn(lstmForgetBias: null), g);
        AssertAll(Snapshot(m)["lstm.bias_ih_l0"], 0, "no forget bias");
    }
}
