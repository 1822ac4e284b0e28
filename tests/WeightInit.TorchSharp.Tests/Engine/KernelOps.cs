using WeightInit.Engine;

namespace WeightInit.Tests.Engine;

/// <summary>One op for each branch of the float32 kernels, for tests that compare two ways of running them.</summary>
internal static class KernelOps
{
    internal static CounterOp[] EveryBranch(CounterGenerator generator) => new[]
    {
        new CounterOp(Draw.Uniform, generator, 7, 99, -0.5, 2.0),
        new CounterOp(Draw.Normal, generator, 7, 99, 0, 0, 0.25, 1.5),
        new CounterOp(Draw.Normal, generator, 7, 99, 0, 0, 0, 0.02, -0.03, 0.03),           // clamped
        new CounterOp(Draw.TruncNormal, generator, 7, 99, -0.9, 1.8, 0.1, 1.4142, -2, 2.2),  // erfinv, tail lanes too
        new CounterOp(Draw.TruncNormal, generator, 7, 99, -0.3, 0.6, 0, 1.4142, -1, 1),      // central lanes only
    };
}
