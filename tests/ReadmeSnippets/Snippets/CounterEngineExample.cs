// README.md, "Fast, deterministic init: the counter engine".
using TorchSharp;
using WeightInit;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Schemes;

namespace ReadmeSnippets.Snippets;

public static class CounterEngineExample
{
    public static void Run(torch.Tensor weight, torch.nn.Module model, InitPolicy policy, InitScheme scheme,
                           torch.Tensor myRows, long[] fullShape, long rowStart)
    {
        var engine = InitEngine.Counter(42);                      // or InitEngine.Counter(42, CounterGenerator.Philox)
        InitScheme.KaimingNormal().Apply(weight, engine, "encoder.0.weight");   // a scheme from a named stream
        weight.kaiming_normal_(engine.Stream("encoder.0.weight"), mode: "fan_out"); // a torch.nn.init call from a stream
        model.ApplyInit(policy, engine);                                         // stream key = each parameter's qualified name
        scheme.ApplyShard(myRows, fullShape, rowStart, engine.Stream("lm_head.weight"));  // one shard of a larger tensor
    }
}
