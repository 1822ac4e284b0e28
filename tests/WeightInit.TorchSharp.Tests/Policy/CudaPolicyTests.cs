using TorchSharp;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>ApplyInit on a model on CUDA with a CPU generator draws on the CPU and copies, so it equals the CPU model.</summary>
public class CudaPolicyTests
{
    static Box Net() => new(("emb", Embedding(50, 16, padding_idx: 0)), ("attn", MultiheadAttention(16, 2)), ("qkv", Linear(16, 48)),
        ("lstm", LSTM(16, 16)), ("ln", LayerNorm(16)), ("bn", BatchNorm1d(16)), ("head", Linear(16, 4)));

    [CudaFact]
    public void CudaModelEqualsCpuModelWithCpuGenerator()
    {
        var policy = InitPolicy.TorchDefaults().Then(InitPolicy.XavierAttention()).Then(InitPolicy.Rnn()).Strict();
        using var onCpu = Net();
        using var onCuda = Net();
        onCuda.to(CUDA);
        using (var g = Gen(21)) onCpu.ApplyInit(policy, g);
        InitReport r;
        using (var g = Gen(21)) r = onCuda.ApplyInit(policy, g);
        Assert.StartsWith("cuda", r["head.weight"].Device.ToLowerInvariant());
        AssertSame(Snapshot(onCpu), Snapshot(onCuda));
    }
}
