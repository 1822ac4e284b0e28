using TorchSharp;
using Xunit;

namespace WeightInit.Tests.Engine;

/// <summary>A fact that runs only where libtorch sees a CUDA device (a CUDA backend package and a GPU).</summary>
public sealed class EngineCudaFactAttribute : FactAttribute
{
    public EngineCudaFactAttribute()
    {
        if (!torch.cuda.is_available()) Skip = "CUDA is not available";
    }
}
