using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightInit.Tests.Policy;

/// <summary>The fixture's TinyNet: emb=Embedding(12,8,padding_idx=0) fc1=Linear(8,16) norm=LayerNorm(16)
/// conv=Conv1d(16,8,3) head=Linear(8,4), registered in that order.</summary>
public sealed class TinyNet : Module<Tensor, Tensor>
{
    public readonly Embedding emb = Embedding(12, 8, padding_idx: 0);
    public readonly Linear fc1 = Linear(8, 16);
    public readonly LayerNorm norm = LayerNorm(16);
    public readonly Conv1d conv = Conv1d(16, 8, 3);
    public readonly Linear head = Linear(8, 4);

    public TinyNet() : base(nameof(TinyNet))
    {
        register_module("emb", emb);
        register_module("fc1", fc1);
        register_module("norm", norm);
        register_module("conv", conv);
        register_module("head", head);
    }

    public override Tensor forward(Tensor x) => head.forward(conv.forward(norm.forward(fc1.forward(emb.forward(x))).transpose(1, 2)).transpose(1, 2));
}
