// README.md, "Init policies: model.ApplyInit(policy)".
using ReadmeSnippets.Support;
using TorchSharp;
using WeightInit.Policy;
using WeightInit.Schemes;

namespace ReadmeSnippets.Snippets;

public static class PolicyExample
{
    public static (InitReport Plan, InitReport Report) Run(torch.nn.Module model)
    {
        var policy = InitPolicy.TorchDefaults()                                  // every layer as PyTorch constructs it
            .Then(InitPolicy.XavierAttention())                                  // Xavier on Q/K/V, fused QKV per block
            .ForName("head.weight", "trunc_normal_(std=0.02)")                   // a scheme in text form
            .ForLayer<MyGate>("gate_bias", InitScheme.Zeros)                     // a user module type
            .Keep("encoder.**")                                                  // pretrained: never touched
            .KeepFrozen()                                                        // requires_grad = false: never touched
            .Strict();                                                           // an uncovered parameter, or a rule that
                                                                                 // matches nothing, is an error

        InitReport plan = policy.Plan(model);              // what would happen; writes nothing
        InitReport report = model.ApplyInit(policy, generator: new torch.Generator(7));
        Console.WriteLine(report);
        return (plan, report);
    }
}
