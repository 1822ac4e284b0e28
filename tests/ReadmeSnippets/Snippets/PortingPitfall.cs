// README.md, "Porting from PyTorch: the using static pitfall".
using TorchSharp;
using WeightInit;

namespace ReadmeSnippets.Snippets;

public static class PortingPitfall
{
    public static void Run(TorchSharp.Modules.Linear W_query)
    {
        W_query.weight.xavier_uniform_();
    }
}
