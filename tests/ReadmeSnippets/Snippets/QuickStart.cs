// README.md, "Quick start": its usings head this file, its statements are the body of QuickStart.Run.
using TorchSharp;
using WeightInit;            // tensor extension methods: w.xavier_uniform_(), ...
using WeightInit.Schemes;    // InitScheme
using WeightInit.Policy;     // InitPolicy, ApplyInit
using static TorchSharp.torch;

namespace ReadmeSnippets.Snippets;

public static class QuickStart
{
    // Returns the report, so the test can check what the README's model got.
    public static InitReport Run()
    {
        torch.manual_seed(42);
        var w = torch.empty(64, 32);
        w.kaiming_normal_(mode: "fan_out", nonlinearity: "relu");      // same values as PyTorch after torch.manual_seed(42)

        using var g = new torch.Generator(123);
        w.trunc_normal_(std: 0.02, generator: g);                       // a seeded Generator, as PyTorch 2.x

        var scheme = InitScheme.Parse("kaiming_normal_(mode='fan_out', nonlinearity='relu')");
        scheme.Apply(w);                                                // the same, as a value
        Console.WriteLine(scheme);                                      // kaiming_normal_(mode='fan_out', nonlinearity='relu')

        using var model = nn.Sequential(("embed", nn.Embedding(100, 32)), ("q_proj", nn.Linear(32, 32)), ("head", nn.Linear(32, 100)));
        var report = model.ApplyInit(InitPolicy.Transformer().Then(InitPolicy.XavierAttention()));
        Console.WriteLine(report);                                      // which parameter got what, mean and std after init
        return report;
    }
}
