namespace WeightInit.Schemes;

/// <summary>The distribution a variance-scaling scheme draws from, with the requested variance in each case.</summary>
public enum Distribution
{
    /// <summary>Normal truncated at ±2 std, std divided by 0.87962566103423978 so the truncated variance is as asked (JAX).</summary>
    TruncatedNormal,
    /// <summary>Plain normal N(0, std²).</summary>
    Normal,
    /// <summary>Uniform U(-sqrt(3)·std, sqrt(3)·std).</summary>
    Uniform,
}
