using System;

namespace WeightInit.Policy;

// The presets: one static method each, with optional tuning arguments. Their rules are optional (a rule for a layer
// type the model lacks is not reported as unmatched); compose them with Then.
public sealed partial class InitPolicy
{
    /// <summary>Module names that mean a separate query/key/value projection (<see cref="XavierAttention"/>).</summary>
    public const string QkvNames = "q,k,v,query,key,value,W_query,W_key,W_value,W_q,W_k,W_v,q_proj,k_proj,v_proj,wq,wk,wv,to_q,to_k,to_v";

    /// <summary>Module names that mean a fused [Q; K; V] projection (<see cref="XavierAttention"/>).</summary>
    public const string FusedQkvNames = "qkv,qkv_proj,Wqkv,c_attn,to_qkv";

    /// <summary>What each layer's PyTorch <c>reset_parameters</c> does: Linear/Conv/ConvTranspose
    /// kaiming_uniform_(a=sqrt(5)) with bias U(±1/sqrt(fan_in)); Bilinear U(±1/sqrt(in1)); Embedding N(0, 1) with the
    /// padding row zero; norms ones/zeros (and running stats reset), which also fixes TorchSharp 0.107's uninitialized
    /// GroupNorm; RNN/LSTM/GRU and cells U(±1/sqrt(hidden)); MultiheadAttention xavier_uniform_ on in_proj /
    /// q,k,v_proj, zero in_proj and out_proj biases, out_proj weight as a Linear.
    /// Source: torch/nn/modules/{linear,conv,sparse,normalization,batchnorm,rnn,activation}.py.</summary>
    public static InitPolicy TorchDefaults() => InitPresets.TorchDefaults();

    /// <summary>Xavier/Glorot uniform on query, key and value projections, their biases zero: attention scores start
    /// with unit-order variance, so softmax is not saturated. Separate Linear layers are found by module name
    /// (<see cref="QkvNames"/>), fused ones (<see cref="FusedQkvNames"/>, MultiheadAttention's in_proj_weight) are
    /// initialized per Q/K/V block with each block's own fans. Everything else is left to other policies.</summary>
    /// <param name="gain">xavier_uniform_'s gain.</param>
    /// <exception cref="ArgumentException"><paramref name="gain"/> is negative or not finite.</exception>
    public static InitPolicy XavierAttention(double gain = 1.0) => InitPresets.XavierAttention(gain);

    /// <summary>BERT/ViT: trunc_normal_(std) on Linear, Embedding and attention weights (PyTorch's absolute bounds
    /// a=-2, b=2, as timm), norms ones/zeros, biases zero. With <paramref name="nLayer"/>, GPT-2's scaling of residual
    /// output projections by 1/sqrt(2·n_layer) (Radford et al., 2019).</summary>
    /// <param name="std">The truncated normal's standard deviation.</param>
    /// <param name="nLayer">The number of layers, for GPT-2's residual scaling; null: no scaling.</param>
    /// <param name="residualProjections">A glob on the qualified names of the residual output projections.</param>
    /// <exception cref="ArgumentException"><paramref name="std"/> is not positive and finite,
    /// <paramref name="nLayer"/> is not positive, or <paramref name="residualProjections"/> is not a valid glob.</exception>
    public static InitPolicy Transformer(double std = 0.02, int? nLayer = null, string residualProjections = "**.{c_proj,out_proj,o_proj,W_o}.weight") =>
        InitPresets.Transformer(std, nLayer, residualProjections);

    /// <summary>He et al. (2015) for ReLU CNNs, as torchvision's ResNet: kaiming_normal_(mode='fan_out',
    /// nonlinearity='relu') on convolutions, biases zero, BatchNorm/GroupNorm ones/zeros. Transposed convolutions
    /// store [in, out/groups, k...], so their true fan-out is PyTorch's fan_in: they get mode='fan_in'. Linear is not
    /// covered.</summary>
    public static InitPolicy Cnn() => InitPresets.Cnn();

    /// <summary>Recurrent nets: xavier_uniform_ on input-hidden and orthogonal_ on hidden-hidden weights, per gate
    /// block (Saxe et al., 2013), zero biases; with <paramref name="lstmForgetBias"/>, the LSTM forget gate's bias_ih
    /// block set to it (Jozefowicz et al., 2015).</summary>
    /// <param name="lstmForgetBias">The LSTM forget-gate bias; null leaves it zero like the other biases.</param>
    /// <exception cref="ArgumentException"><paramref name="lstmForgetBias"/> is not finite.</exception>
    public static InitPolicy Rnn(double? lstmForgetBias = 1.0) => InitPresets.Rnn(lstmForgetBias);

    /// <summary>Self-normalizing networks (Klambauer et al., 2017): lecun_normal_ on Linear and Conv weights, zero biases.</summary>
    public static InitPolicy SelfNormalizing() => InitPresets.SelfNormalizing();

    /// <summary>Selective SSM (Mamba; Gu and Dao, 2023, as mamba_ssm): A_log = log(1..d_state) per channel (S4D-real),
    /// D = 1, dt_proj weight U(±dt_rank^-0.5·dt_scale), dt_proj bias = softplus⁻¹ of dt log-uniform in
    /// [dt_min, dt_max] floored at dt_init_floor, out_proj kaiming_uniform_(a=sqrt(5)) /
    /// sqrt(n_residuals_per_layer·n_layer). All of these are marked, so a later ApplyInit keeps them.</summary>
    /// <param name="dtMin">The smallest initial dt.</param>
    /// <param name="dtMax">The largest initial dt.</param>
    /// <param name="dtInitFloor">The floor dt is clamped to.</param>
    /// <param name="dtScale">The scale of dt_proj's weight bound.</param>
    /// <param name="nLayer">The number of layers, for out_proj's rescaling.</param>
    /// <param name="nResidualsPerLayer">Residual branches per layer, for out_proj's rescaling.</param>
    /// <param name="outProj">A glob on the qualified names of the output projections.</param>
    /// <exception cref="ArgumentException">A dt argument is not positive (dt_init_floor: negative) or not finite,
    /// dtMin exceeds dtMax, a count is not positive, or <paramref name="outProj"/> is not a valid glob.</exception>
    public static InitPolicy Mamba(double dtMin = 0.001, double dtMax = 0.1, double dtInitFloor = 1e-4, double dtScale = 1.0,
        int nLayer = 1, int nResidualsPerLayer = 1, string outProj = "**.out_proj.weight") =>
        InitPresets.Mamba(dtMin, dtMax, dtInitFloor, dtScale, nLayer, nResidualsPerLayer, outProj);
}
