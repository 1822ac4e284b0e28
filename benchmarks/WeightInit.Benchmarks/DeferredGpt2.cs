using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightInit.Benchmarks;

/// <summary>GPT-2's parameter tree at any size (the LM head is tied to wte, so it adds no tensor): token and position
/// embeddings, n_layer blocks of ln_1, attn.c_attn (fused QKV), attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj, and ln_f.
/// Small: 12 layers, 768 wide (124M parameters); XL: 48 layers, 1600 wide (1.56B). Only the parameters matter here.</summary>
public sealed class DeferredGpt2 : Module<Tensor, Tensor>
{
    public sealed record Config(string Name, long NLayer, long NEmbd, long Vocab = 50257, long Ctx = 1024);

    public static readonly Config Small = new("gpt2-small", 12, 768);
    public static readonly Config Xl = new("gpt2-xl", 48, 1600);

    readonly Embedding wte, wpe;
    readonly ModuleList<Block> h;
    readonly LayerNorm ln_f;

    public DeferredGpt2(Config c) : base(nameof(DeferredGpt2))
    {
        wte = Embedding(c.Vocab, c.NEmbd);
        wpe = Embedding(c.Ctx, c.NEmbd);
        h = new ModuleList<Block>(Enumerable.Range(0, (int)c.NLayer).Select(_ => new Block(c.NEmbd)).ToArray());
        ln_f = LayerNorm(c.NEmbd);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => throw new System.NotSupportedException("parameters only");

    public sealed class Block : Module<Tensor, Tensor>
    {
        readonly LayerNorm ln_1, ln_2;
        readonly Attention attn;
        readonly Mlp mlp;

        public Block(long d) : base(nameof(Block))
        {
            ln_1 = LayerNorm(d);
            attn = new Attention(d);
            ln_2 = LayerNorm(d);
            mlp = new Mlp(d);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => throw new System.NotSupportedException();
    }

    public sealed class Attention : Module<Tensor, Tensor>
    {
        readonly Linear c_attn, c_proj;
        public Attention(long d) : base(nameof(Attention)) { c_attn = Linear(d, 3 * d); c_proj = Linear(d, d); RegisterComponents(); }
        public override Tensor forward(Tensor x) => throw new System.NotSupportedException();
    }

    public sealed class Mlp : Module<Tensor, Tensor>
    {
        readonly Linear c_fc, c_proj;
        public Mlp(long d) : base(nameof(Mlp)) { c_fc = Linear(d, 4 * d); c_proj = Linear(4 * d, d); RegisterComponents(); }
        public override Tensor forward(Tensor x) => throw new System.NotSupportedException();
    }
}
