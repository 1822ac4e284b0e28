// README.md, "Real models": the two blocks in its list.
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Policy;

namespace ReadmeSnippets.Snippets;

public static class RealModels
{
    public static InitReport HeadOfACnn(torch.nn.Module model)
    {
        return
        model.ApplyInit(InitPolicy.Cnn()
            .ForLayer<Linear>("weight", "normal_(std=0.01)")
            .ForLayer<Linear>("bias", "zeros_")
            .Strict());
    }

    public static void TorchvisionTwoPasses(torch.nn.Module model)
    {
        model.ApplyInit(InitPolicy.TorchDefaults()); // every layer as its constructor draws it
        model.ApplyInit(InitPolicy.Cnn());           // ResNet's init loop; fc is left as drawn
    }
}
