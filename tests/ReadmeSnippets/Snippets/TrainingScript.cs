// README.md, "In a training script".
using ReadmeSnippets.Support;
using TorchSharp;
using WeightInit.Policy;

namespace ReadmeSnippets.Snippets;

public static class TrainingScript
{
    public static InitReport Run()
    {
        using var model = new MyTransformer(nLayer: 6);
        torch.manual_seed(0);
        var report = model.ApplyInit(
            InitPolicy.Transformer(std: 0.02, nLayer: 6)       // GPT-2 residual scaling
                .Then(InitPolicy.XavierAttention())             // Q/K/V: Xavier
                .Keep("embeddings.**")                          // loaded from a checkpoint
                .Strict());
        Console.WriteLine(report);                               // check before training
        var optimizer = torch.optim.AdamW(model.parameters(), lr: 3e-4);
        optimizer.Dispose();
        return report;
    }
}
