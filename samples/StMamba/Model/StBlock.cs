using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace StMamba.Model;

/// <summary>One ST-Mixer layer: pre-norm spatial attention across sensors at every step, then a pre-norm Mamba
/// block along time for every sensor, each with a residual connection.</summary>
public sealed class StBlock : Module<Tensor, Tensor>
{
    readonly LayerNorm norm1, norm2;
    readonly SpatialAttention attn;
    readonly MambaBlock mamba;

    public StBlock(ModelConfig c) : base(nameof(StBlock))
    {
        norm1 = LayerNorm(c.DModel);
        attn = new SpatialAttention(c.DModel, c.Heads);
        norm2 = LayerNorm(c.DModel);
        mamba = new MambaBlock(c);
        RegisterComponents();
    }

    public SpatialAttention Attention => attn;
    public MambaBlock Mamba => mamba;

    /// <param name="h">[batch, L, N, d_model]</param>
    public override Tensor forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        long b = h.shape[0], L = h.shape[1], n = h.shape[2], d = h.shape[3];
        var spatial = attn.forward(norm1.forward(h).reshape(b * L, n, d)).reshape(b, L, n, d);
        h = h + spatial;
        var temporal = mamba.forward(norm2.forward(h).permute(0, 2, 1, 3).reshape(b * n, L, d));
        h = h + temporal.reshape(b, n, L, d).permute(0, 2, 1, 3);
        return h.MoveToOuterDisposeScope();
    }
}
