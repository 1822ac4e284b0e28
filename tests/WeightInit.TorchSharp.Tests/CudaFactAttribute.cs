using TorchSharp;
using Xunit;

namespace WeightInit.Tests;

/// <summary>A [Fact] that runs only where libtorch sees a CUDA device (build with -p:TorchBackend=cuda); elsewhere it
/// is reported as skipped rather than silently passing.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available()) Skip = "CUDA is not available (CPU libtorch or no GPU)";
    }
}
