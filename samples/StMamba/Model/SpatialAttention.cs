using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace StMamba.Model;

/// <summary>Multi-head scaled dot-product attention across sensors, with separate W_query, W_key and W_value
/// projections (the layers the XavierAttention preset finds by name) and an output projection W_out.</summary>
public sealed class SpatialAttention : Module<Tensor, Tensor>
{
    readonly Linear W_query, W_key, W_value, W_out;
    readonly int _heads;

    public SpatialAttention(int dModel, int heads) : base(nameof(SpatialAttention))
    {
        if (dModel % heads != 0) throw new ArgumentException($"d_model {dModel} is not divisible by {heads} heads");
        _heads = heads;
        W_query = Linear(dModel, dModel);
        W_key = Linear(dModel, dModel);
        W_value = Linear(dModel, dModel);
        W_out = Linear(dModel, dModel);
        RegisterComponents();
    }

    /// <summary>The last forward's attention probabilities [batch, heads, N, N] when <see cref="KeepAttention"/> is set.</summary>
    public Tensor? LastAttention { get; private set; }
    public bool KeepAttention { get; set; }

    /// <param name="x">[batch, N, d_model]</param>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], n = x.shape[1], d = x.shape[2], dh = d / _heads;
        Tensor Split(Tensor t) => t.view(b, n, _heads, dh).transpose(1, 2);        // [b, h, n, dh]
        var q = Split(W_query.forward(x));
        var k = Split(W_key.forward(x));
        var v = Split(W_value.forward(x));
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(dh);
        var attention = scores.softmax(-1);
        if (KeepAttention) { LastAttention?.Dispose(); LastAttention = attention.detach().clone().DetachFromDisposeScope(); }
        var y = attention.matmul(v).transpose(1, 2).reshape(b, n, d);
        return W_out.forward(y).MoveToOuterDisposeScope();
    }
}
