// README.md, "Deferred init", "Sharded materialization" and "In a training script" (the deferred path).
using ReadmeSnippets.Support;
using TorchSharp;
using TorchSharp.PyBridge;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using static TorchSharp.torch;

namespace ReadmeSnippets.Snippets;

public static class DeferredInitExample
{
    public static InitReport Build()
    {
        using var model = DeferredInit.Build(() => new MyTransformer(nLayer: 48));    // every tensor on META
        var report = model.Materialize(InitPolicy.Transformer(std: 0.02, nLayer: 48), InitEngine.Counter(42));
        Console.WriteLine(report);                                                     // each parameter allocated and written once
        return report;
    }

    public static long[] Shard()
    {
        var layout = ShardLayout.Megatron(
            columnParallel: new[] { "embeddings.weight", "blocks.*.{q_proj,k_proj,v_proj}.weight" },
            rowParallel: new[] { "blocks.*.out_proj.weight" });                        // or ShardLayout.Flat (FSDP)
        using var meta = DeferredInit.Build(() => new MyTransformer(nLayer: 2));
        using var shard = meta.MaterializeShard(InitPolicy.Transformer(), InitEngine.Counter(42), layout, 0, 2);
        Tensor rows = shard["embeddings.weight"].Local;                               // rows [0, 16) of the 32 × 16 embedding
        return rows.shape;
    }

    public static InitReport TrainingScript(string checkpoint)
    {
        string[] provided;                                                  // the checkpoint's names, from its pickle alone
        using (var file = File.OpenRead(checkpoint))
            provided = PyTorchUnpickler.UnpickleStateDict(file, leaveOpen: true, skipTensorRead: true).Keys.Cast<string>().ToArray();

        using var model = DeferredInit.Build(() => new MyTransformer(nLayer: 6));
        var report = model.Materialize(
            InitPolicy.Transformer(std: 0.02, nLayer: 6).Then(InitPolicy.XavierAttention()).Strict(),
            InitEngine.Counter(0),
            options: new MaterializeOptions { Provided = provided });    // allocated, not written
        model.load_py(checkpoint, strict: false);                       // written once, by the checkpoint
        Loaded = model.state_dict().ToDictionary(x => x.Key, x => x.Value.detach().clone());
        return report;
    }

    /// <summary>The training script's model after the load (for the test; the README's model is disposed).</summary>
    public static Dictionary<string, Tensor> Loaded { get; private set; } = new();
}
