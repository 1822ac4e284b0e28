namespace WeightInit.Engine;

/// <summary>The transform a counter kernel applies to its random words.</summary>
internal enum Draw
{
    /// <summary>Low + Range·u, u uniform in [0, 1).</summary>
    Uniform,
    /// <summary>Mean + Scale·z, z standard normal (Box–Muller, both outputs used).</summary>
    Normal,
    /// <summary>Clamp(Mean + Scale·erfinv(Low + Range·u), ClampLow, ClampHigh): the inverse-CDF truncated normal.</summary>
    TruncNormal,
}

/// <summary>Everything a kernel needs: the draw, the generator, its key (the seed) and the stream's counter words, and
/// the draw's constants. A plain value, so it crosses into Parallel.For bodies by copy.</summary>
internal readonly record struct CounterOp(Draw Draw, CounterGenerator Generator, ulong Seed, ulong Stream, double Low, double Range,
    double Mean = 0, double Scale = 1, double ClampLow = double.NegativeInfinity, double ClampHigh = double.PositiveInfinity)
{
    /// <summary>Whether the kernels may write with non-temporal stores: for fills larger than the caches, where they
    /// save reading each line before writing it. Smaller fills stay in cache for whatever reads them next.</summary>
    internal bool NonTemporal { get; init; }

    /// <summary>Whether the float32 kernels multiply each value by <see cref="Multiplier"/> as their last step:
    /// <c>scaled(factor, scheme)</c> in the same pass, with the bits of the draw followed by float32 <c>mul_(factor)</c>
    /// (one IEEE multiply by the factor rounded to float). Only for float32 outputs.</summary>
    internal bool Multiplied { get; init; }

    /// <summary>The factor, rounded to float, as libtorch's mul_ rounds a scalar for a float32 tensor.</summary>
    internal float Multiplier { get; init; }

    internal uint K0 => (uint)Seed;
    internal uint K1 => (uint)(Seed >> 32);
    internal uint S0 => (uint)Stream;
    internal uint S1 => (uint)(Stream >> 32);
}
