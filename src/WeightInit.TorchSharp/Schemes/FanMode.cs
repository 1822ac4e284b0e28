namespace WeightInit.Schemes;

/// <summary>Which fan a variance-scaling scheme divides by (JAX's <c>mode</c>; PyTorch's kaiming uses the first two).</summary>
public enum FanMode
{
    /// <summary>fan_in: input feature maps times receptive field.</summary>
    FanIn,
    /// <summary>fan_out: output feature maps times receptive field.</summary>
    FanOut,
    /// <summary>fan_avg: (fan_in + fan_out) / 2, as Glorot/Xavier.</summary>
    FanAvg,
    /// <summary>fan_geo_avg: sqrt(fan_in * fan_out).</summary>
    FanGeoAvg,
}
