using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Policy;

/// <summary>A fact that runs only where libtorch sees a CUDA device; elsewhere it is reported as skipped.</summary>
public sealed class CudaOnlyFactAttribute : FactAttribute
{
    public CudaOnlyFactAttribute()
    {
        if (!cuda.is_available()) Skip = "CUDA is not available";
    }
}
