using System;
using WeightInit.Sampling;
using WeightInit.Policy.Actions;
using static WeightInit.Policy.Actions.InitAction;

namespace WeightInit.Policy;

// The presets' rules, built from the same public pieces a user has; InitPolicy's preset methods are the entry points
// (documented there). Their rules are optional: a rule for a layer type the model lacks is not reported as unmatched.
internal static class InitPresets
{
    const string Convs = "Conv1d|Conv2d|Conv3d";
    const string TransposedConvs = "ConvTranspose1d|ConvTranspose2d|ConvTranspose3d";
    const string Norms = "LayerNorm|GroupNorm|BatchNorm|InstanceNorm";
    const string Recurrent = "RNN|LSTM|GRU|RNNCell|LSTMCell|GRUCell";

    const string QkvNames = InitPolicy.QkvNames, FusedQkvNames = InitPolicy.FusedQkvNames;

    static SchemeAction S(string scheme) => new(Schemes.InitScheme.Parse(scheme));
    static RuleSelector Layer(string layer, string? param = null) => new() { Layer = layer, Param = param == null ? null : new NameGlob(param) };
    static RuleSelector Name(string glob) => new() { Name = new NameGlob(glob) };

    static InitPolicy NormsOnesZeros(InitPolicy p, string norms = Norms) => p
        .Add(Layer(norms, "weight"), S("ones_"), "norm weight -> ones_()")
        .Add(Layer(norms, "bias"), S("zeros_"), "norm bias -> zeros_()");

    /// <summary>What each layer's PyTorch <c>reset_parameters</c> does: Linear/Conv/ConvTranspose kaiming_uniform_(a=sqrt(5))
    /// with bias U(±1/sqrt(fan_in)); Bilinear U(±1/sqrt(in1)); Embedding N(0, 1) with the padding row zero; norms ones/zeros
    /// (and running stats reset), which also fixes TorchSharp 0.107's uninitialized GroupNorm; RNN/LSTM/GRU and cells
    /// U(±1/sqrt(hidden)); MultiheadAttention xavier_uniform_ on in_proj / q,k,v_proj, zero in_proj and out_proj biases,
    /// out_proj weight as a Linear. Source: torch/nn/modules/{linear,conv,sparse,normalization,batchnorm,rnn,activation}.py.</summary>
    internal static InitPolicy TorchDefaults()
    {
        var kaiming = S("kaiming_uniform_(a=sqrt(5))");
        var p = InitPolicy.Empty
            .Add(Layer("Linear|" + Convs + "|" + TransposedConvs, "weight"), kaiming, "Linear/Conv weight -> kaiming_uniform_(a=sqrt(5))")
            .Add(Layer("Linear|" + Convs + "|" + TransposedConvs, "bias"), new TorchDefaultBiasAction(), "Linear/Conv bias -> U(±1/sqrt(fan_in))")
            .Add(Layer("Bilinear"), new BilinearDefaultAction(), "Bilinear -> U(±1/sqrt(in1_features))")
            .Add(Layer("Embedding|EmbeddingBag", "weight"), S("normal_"), "Embedding -> normal_(), padding row 0")
            .Add(Layer(Recurrent), new RnnDefaultAction(), "RNN -> U(±1/sqrt(hidden_size))")
            .Add(Layer("MultiheadAttention", "{in_proj_weight,q_proj_weight,k_proj_weight,v_proj_weight}"), S("xavier_uniform_"), "MHA in_proj -> xavier_uniform_()")
            .Add(Layer("MultiheadAttention", "{bias_k,bias_v}"), S("xavier_normal_"), "MHA bias_k/v -> xavier_normal_()")
            .Add(Layer("MultiheadAttention", "{in_proj_bias,out_proj.bias}"), S("zeros_"), "MHA biases -> zeros_()")
            .Add(Layer("MultiheadAttention", "out_proj.weight"), kaiming, "MHA out_proj -> kaiming_uniform_(a=sqrt(5))");
        return NormsOnesZeros(p).AsOptional();
    }

    /// <summary>Xavier/Glorot uniform on query, key and value projections, their biases zero: attention scores start
    /// with unit-order variance, so softmax is not saturated. Separate Linear layers are found by module name
    /// (<see cref="QkvNames"/>), fused ones (<see cref="FusedQkvNames"/>, MultiheadAttention's in_proj_weight) are
    /// initialized per Q/K/V block with each block's own fans. Everything else is left to other policies.</summary>
    internal static InitPolicy XavierAttention(double gain = 1.0)
    {
        var xavier = new SchemeAction(Schemes.InitScheme.XavierUniform(gain));
        return InitPolicy.Empty
            .Add(new RuleSelector { Layer = "Linear", Name = new NameGlob($"**.{{{QkvNames}}}.weight") }, xavier, "Q/K/V Linear weight -> xavier_uniform_")
            .Add(new RuleSelector { Layer = "Linear", Name = new NameGlob($"**.{{{FusedQkvNames}}}.weight") }, new BlocksAction(3, xavier), "fused QKV Linear weight -> xavier_uniform_ per block")
            .Add(new RuleSelector { Layer = "Linear", Name = new NameGlob($"**.{{{QkvNames},{FusedQkvNames}}}.bias") }, S("zeros_"), "Q/K/V bias -> zeros_()")
            .Add(Layer("MultiheadAttention", "in_proj_weight"), new BlocksAction(3, xavier), "MHA in_proj_weight -> xavier_uniform_ per block")
            .Add(Layer("MultiheadAttention", "{q_proj_weight,k_proj_weight,v_proj_weight}"), xavier, "MHA q/k/v_proj_weight -> xavier_uniform_")
            .Add(Layer("MultiheadAttention", "in_proj_bias"), S("zeros_"), "MHA in_proj_bias -> zeros_()")
            .AsOptional();
    }

    /// <summary>BERT/ViT: trunc_normal_(std) on Linear, Embedding and attention weights (PyTorch's absolute bounds
    /// a=-2, b=2, as timm), norms ones/zeros, biases zero. With <paramref name="nLayer"/>, GPT-2's scaling of residual
    /// output projections (<paramref name="residualProjections"/>) by 1/sqrt(2·n_layer) (Radford et al., 2019).</summary>
    internal static InitPolicy Transformer(double std = 0.02, int? nLayer = null, string residualProjections = "**.{c_proj,out_proj,o_proj,W_o}.weight")
    {
        Check.Positive(std, nameof(std));
        var normal = S($"trunc_normal_(std={Check.Num(std)})");
        var p = InitPolicy.Empty
            .Add(Layer("Linear|Embedding|EmbeddingBag", "weight"), normal, $"Linear/Embedding weight -> {normal}")
            .Add(Layer("MultiheadAttention", "{in_proj_weight,q_proj_weight,k_proj_weight,v_proj_weight,out_proj.weight}"), normal, $"MHA weights -> {normal}")
            .Add(Layer("Linear|MultiheadAttention", "{bias,in_proj_bias,out_proj.bias}"), S("zeros_"), "biases -> zeros_()");
        p = NormsOnesZeros(p);
        if (nLayer is int n)
        {
            if (n < 1) throw new ArgumentException($"nLayer must be positive, but found {n}", nameof(nLayer));
            p = p.Add(Name(residualProjections), new ScaledAction(1 / Math.Sqrt(2.0 * n), normal), $"residual projections -> {normal} / sqrt(2·{n})");
        }
        return p.AsOptional();
    }

    /// <summary>He et al. (2015) for ReLU CNNs, as torchvision's ResNet: kaiming_normal_(mode='fan_out',
    /// nonlinearity='relu') on convolutions, biases zero, BatchNorm/GroupNorm ones/zeros. Transposed convolutions store
    /// [in, out/groups, k...], so their true fan-out is PyTorch's fan_in: they get mode='fan_in'. Linear is not covered.</summary>
    internal static InitPolicy Cnn()
    {
        var p = InitPolicy.Empty
            .Add(Layer(Convs, "weight"), S("kaiming_normal_(mode='fan_out', nonlinearity='relu')"), "Conv weight -> kaiming_normal_(fan_out, relu)")
            .Add(Layer(TransposedConvs, "weight"), S("kaiming_normal_(mode='fan_in', nonlinearity='relu')"), "ConvTranspose weight -> kaiming_normal_ over its output fan")
            .Add(Layer(Convs + "|" + TransposedConvs, "bias"), S("zeros_"), "Conv bias -> zeros_()");
        return NormsOnesZeros(p, "BatchNorm|GroupNorm|InstanceNorm").AsOptional();
    }

    /// <summary>Recurrent nets: xavier_uniform_ on input-hidden and orthogonal_ on hidden-hidden weights, per gate
    /// block (Saxe et al., 2013), zero biases; with <paramref name="lstmForgetBias"/>, the LSTM forget gate's bias_ih
    /// block set to it (Jozefowicz et al., 2015).</summary>
    internal static InitPolicy Rnn(double? lstmForgetBias = 1.0)
    {
        var p = InitPolicy.Empty;
        foreach (var (layers, gates) in new[] { ("LSTM|LSTMCell", 4), ("GRU|GRUCell", 3), ("RNN|RNNCell", 1) })
        {
            p = p.Add(Layer(layers, "weight_ih*"), Gates(gates, S("xavier_uniform_")), $"{layers} weight_ih -> xavier_uniform_ per gate")
                 .Add(Layer(layers, "weight_hh*"), Gates(gates, S("orthogonal_")), $"{layers} weight_hh -> orthogonal_ per gate")
                 .Add(Layer(layers, "bias_*"), S("zeros_"), $"{layers} biases -> zeros_()");
        }
        if (lstmForgetBias is double b)
            p = p.Add(Layer("LSTM|LSTMCell", "bias_ih*"), new LstmForgetBiasAction(b), $"LSTM bias_ih -> forget gate {Check.Num(b)}");
        return p.AsOptional();
    }

    static InitAction Gates(int gates, InitAction inner) => gates == 1 ? inner : new BlocksAction(gates, inner);

    /// <summary>Self-normalizing networks (Klambauer et al., 2017): lecun_normal_ on Linear and Conv weights, zero biases.</summary>
    internal static InitPolicy SelfNormalizing() => InitPolicy.Empty
        .Add(Layer("Linear|" + Convs, "weight"), S("lecun_normal_"), "Linear/Conv weight -> lecun_normal_()")
        .Add(Layer("Linear|" + Convs, "bias"), S("zeros_"), "Linear/Conv bias -> zeros_()")
        .AsOptional();

    /// <summary>Selective SSM (Mamba; Gu and Dao, 2023, as mamba_ssm): A_log = log(1..d_state) per channel (S4D-real),
    /// D = 1, dt_proj weight U(±dt_rank^-0.5·dt_scale), dt_proj bias = softplus⁻¹ of dt log-uniform in [dt_min, dt_max]
    /// floored at dt_init_floor, out_proj kaiming_uniform_(a=sqrt(5)) / sqrt(n_residuals_per_layer·n_layer). All of
    /// these are marked, so a later ApplyInit keeps them.</summary>
    internal static InitPolicy Mamba(double dtMin = 0.001, double dtMax = 0.1, double dtInitFloor = 1e-4, double dtScale = 1.0,
        int nLayer = 1, int nResidualsPerLayer = 1, string outProj = "**.out_proj.weight")
    {
        if (nLayer < 1 || nResidualsPerLayer < 1) throw new ArgumentException("nLayer and nResidualsPerLayer must be positive");
        double rescale = 1 / Math.Sqrt((double)nResidualsPerLayer * nLayer);
        return InitPolicy.Empty
            .Add(Name("**.dt_proj.weight"), new MambaDtWeightAction(dtScale), "Mamba dt_proj.weight", mark: true)
            .Add(Name("**.dt_proj.bias"), new MambaDtBiasAction(dtMin, dtMax, dtInitFloor), "Mamba dt_proj.bias", mark: true)
            .Add(new RuleSelector { Param = new NameGlob("A_log") }, new MambaALogAction(), "Mamba A_log", mark: true)
            .Add(new RuleSelector { Param = new NameGlob("D") }, S("ones_"), "Mamba D -> ones_()", mark: true)
            .Add(Name(outProj), new ScaledAction(rescale, S("kaiming_uniform_(a=sqrt(5))")), "Mamba out_proj (rescaled)", mark: true)
            .AsOptional();
    }
}
