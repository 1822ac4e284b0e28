using System;
using System.Collections.Generic;
using System.Linq;
using WeightInit.Policy;

namespace StMamba.Training;

/// <summary>The init policies the sample compares, by name. "torchsharp-defaults" applies nothing: the model keeps
/// what TorchSharp's constructors (and MambaBlock's, for A_log and D) gave it. The N(0, σ²) controls set every weight
/// matrix (Linear, Conv1d, Embedding) to N(0, σ²), biases to zero and norms to ones/zeros, and keep the SSM's
/// A_log, D and dt bias as constructed, so only the weight scale differs.</summary>
public static class SamplePolicies
{
    public static readonly IReadOnlyDictionary<string, (string Description, Func<int, InitPolicy?> Build)> All =
        new Dictionary<string, (string, Func<int, InitPolicy?>)>
        {
            ["xavier-attention"] = ("TorchDefaults, then XavierAttention on W_query/W_key/W_value, then Mamba on the SSM",
                layers => InitPolicy.TorchDefaults().Then(InitPolicy.XavierAttention()).Then(InitPolicy.Mamba(nLayer: layers))),
            ["torchsharp-defaults"] = ("TorchSharp's constructor defaults (no ApplyInit)", _ => null),
            ["normal-1"] = ("every weight N(0, 1): negative control", _ => Normal(1.0)),
            ["normal-1e-4"] = ("every weight N(0, 1e-4²): negative control", _ => Normal(1e-4)),
            ["transformer"] = ("Transformer (trunc_normal std 0.02, GPT-2 scaling), then XavierAttention and Mamba",
                layers => InitPolicy.Transformer(nLayer: layers).Then(InitPolicy.XavierAttention()).Then(InitPolicy.Mamba(nLayer: layers))),
            ["torch-defaults"] = ("PyTorch's reset_parameters defaults, then Mamba", layers => InitPolicy.TorchDefaults().Then(InitPolicy.Mamba(nLayer: layers))),
        };

    public const string Default = "xavier-attention,torchsharp-defaults,normal-1,normal-1e-4";

    static InitPolicy Normal(double std) => InitPolicy.Empty
        .ForLayer("Linear|Conv1d|Embedding", "weight", WeightInit.Schemes.InitScheme.Normal(0, std))
        .ForLayer("Linear|Conv1d", "bias", WeightInit.Schemes.InitScheme.Zeros)
        .ForLayer("LayerNorm", "weight", WeightInit.Schemes.InitScheme.Ones)
        .ForLayer("LayerNorm", "bias", WeightInit.Schemes.InitScheme.Zeros)
        .Keep("**.dt_proj.bias").Keep("**.A_log").Keep("**.D");

    public static IReadOnlyList<string> Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var n in names)
            if (!All.ContainsKey(n)) throw new ArgumentException($"Unknown policy '{n}'. Valid: {string.Join(", ", All.Keys)}");
        return names;
    }
}
