using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightInit.Benchmarks;

/// <summary>A GPT-2-small-sized parameter tree (124M parameters): token and position embeddings, 12 blocks of
/// ln_1, attn.c_attn (fused QKV), attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj, and ln_f. Only the parameters matter here.</summary>
public sealed class Gpt2Small : Module<Tensor, Tensor>
{
    readonly Embedding wte = Embedding(50257, 768), wpe = Embedding(1024, 768);
    readonly ModuleList<Block> h = new(Enumerable.Range(0, 12).Select(_ => new Block()).ToArray());
    readonly LayerNorm ln_f = LayerNorm(768);

    public Gpt2Small() : base(nameof(Gpt2Small)) => RegisterComponents();
    public override Tensor forward(Tensor x) => throw new System.NotSupportedException("parameters only");

    public sealed class Block : Module<Tensor, Tensor>
    {
        readonly LayerNorm ln_1 = LayerNorm(768), ln_2 = LayerNorm(768);
        readonly Attention attn = new();
        readonly Mlp mlp = new();
        public Block() : base(nameof(Block)) => RegisterComponents();
        public override Tensor forward(Tensor x) => throw new System.NotSupportedException();
    }

    public sealed class Attention : Module<Tensor, Tensor>
    {
        readonly Linear c_attn = Linear(768, 3 * 768), c_proj = Linear(768, 768);
        public Attention() : base(nameof(Attention)) => RegisterComponents();
        public override Tensor forward(Tensor x) => throw new System.NotSupportedException();
    }

    public sealed class Mlp : Module<Tensor, Tensor>
    {
        readonly Linear c_fc = Linear(768, 3072), c_proj = Linear(3072, 768);
        public Mlp() : base(nameof(Mlp)) => RegisterComponents();
        public override Tensor forward(Tensor x) => throw new System.NotSupportedException();
    }

    /// <summary>The Transformer preset's work without a policy: trunc_normal_(std=0.02) applied directly to every
    /// weight of 2 or more dims, ones for LayerNorm weights, zeros for every other parameter.</summary>
    public static void RawFills(Module model, Generator? generator)
    {
        var trunc = WeightInit.Schemes.InitScheme.TruncNormal(std: 0.02);
        foreach (var (name, p) in model.named_parameters())
        {
            if (p.dim() >= 2) trunc.Apply(p, generator);
            else if (name.EndsWith("ln_1.weight") || name.EndsWith("ln_2.weight") || name.EndsWith("ln_f.weight")) { using var scope = NewDisposeScope(); using (no_grad()) p.fill_(1); }
            else { using var scope = NewDisposeScope(); using (no_grad()) p.zero_(); }
        }
    }

    public static long ParameterCount(Module model) => model.parameters().Sum(p => p.numel());
}
