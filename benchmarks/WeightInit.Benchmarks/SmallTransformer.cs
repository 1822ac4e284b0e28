using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightInit.Benchmarks;

/// <summary>The small transformer of the policy memory test (embedding with a padding row, two blocks of LayerNorm,
/// MultiheadAttention and an MLP, a BatchNorm, a head): many fast ApplyInit calls. Only the parameters matter.</summary>
public sealed class SmallTransformer : Module<Tensor, Tensor>
{
    readonly Embedding wte = Embedding(100, 32, padding_idx: 0);
    readonly ModuleList<Block> h = new(Enumerable.Range(0, 2).Select(_ => new Block()).ToArray());
    readonly LayerNorm ln_f = LayerNorm(32);
    readonly BatchNorm1d bn = BatchNorm1d(32);
    readonly Linear head = Linear(32, 100);

    public SmallTransformer() : base(nameof(SmallTransformer)) => RegisterComponents();
    public override Tensor forward(Tensor x) => throw new System.NotSupportedException("parameters only");

    public sealed class Block : Module<Tensor, Tensor>
    {
        readonly LayerNorm ln1 = LayerNorm(32), ln2 = LayerNorm(32);
        readonly MultiheadAttention attn = MultiheadAttention(32, 4);
        readonly Linear c_fc = Linear(32, 128), c_proj = Linear(128, 32);
        public Block() : base(nameof(Block)) => RegisterComponents();
        public override Tensor forward(Tensor x) => throw new System.NotSupportedException();
    }
}
