using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReadmeSnippets.Support;

/// <summary>The README's "user module type": a gate with its own parameter.</summary>
public sealed class MyGate : nn.Module<Tensor, Tensor>
{
    public Parameter gate_bias;

    public MyGate(long features) : base(nameof(MyGate))
    {
        gate_bias = nn.Parameter(torch.ones(features));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * torch.sigmoid(gate_bias);
}

/// <summary>One pre-norm attention block with the q/k/v/out projection names the presets know.</summary>
public sealed class MyBlock : nn.Module<Tensor, Tensor>
{
    public LayerNorm ln;
    public Linear q_proj, k_proj, v_proj, out_proj;

    public MyBlock(long d) : base(nameof(MyBlock))
    {
        ln = nn.LayerNorm(d);
        q_proj = nn.Linear(d, d);
        k_proj = nn.Linear(d, d);
        v_proj = nn.Linear(d, d);
        out_proj = nn.Linear(d, d);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = ln.call(x);
        var att = torch.softmax(q_proj.call(h).matmul(k_proj.call(h).transpose(-2, -1)), -1);
        return (x + out_proj.call(att.matmul(v_proj.call(h)))).MoveToOuterDisposeScope();
    }
}

/// <summary>The README's MyTransformer: embeddings, nLayer blocks, a head.</summary>
public sealed class MyTransformer : nn.Module<Tensor, Tensor>
{
    public Embedding embeddings;
    public ModuleList<MyBlock> blocks;
    public Linear head;

    public MyTransformer(int nLayer, long vocab = 32, long d = 16) : base(nameof(MyTransformer))
    {
        embeddings = nn.Embedding(vocab, d);
        blocks = nn.ModuleList(Enumerable.Range(0, nLayer).Select(_ => new MyBlock(d)).ToArray());
        head = nn.Linear(d, vocab);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = torch.NewDisposeScope();
        var x = embeddings.call(tokens);
        foreach (var b in blocks) x = b.call(x);
        return head.call(x).MoveToOuterDisposeScope();
    }
}
