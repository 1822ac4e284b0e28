namespace WeightInit.Engine;

/// <summary>The counter-based generator behind an <see cref="InitEngine"/>. Each gives the same bits on every machine,
/// thread count and shard; they differ in speed and in where they are fast.</summary>
public enum CounterGenerator
{
    /// <summary>ARS4x32-7 (AES rounds with a Weyl key schedule; Salmon et al., 2011). The default: about three times
    /// faster than Philox on x86 CPUs with AES-NI (nearly all since 2010). Without AES instructions (e.g. on ARM,
    /// for now) it falls back to software AES, which is slow.</summary>
    Ars,

    /// <summary>Philox4x32-10 (Salmon et al., 2011), the generator of cuRAND and PyTorch's CUDA backend. Plain integer
    /// multiplies, so it is fast on any CPU with 256-bit vectors.</summary>
    Philox,
}
