using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Numerics;

/// <summary>What the numerics tests share: a recognisable tensor, "unchanged after a throw", "every value finite".</summary>
internal static class NumericsTestHelpers
{
    /// <summary>A non-constant pattern in any dtype, so any partial write shows up.</summary>
    internal static Tensor Sentinel(long[] shape, ScalarType dtype = ScalarType.Float32)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        using var ramp = arange(n, ScalarType.Int64).reshape(shape);
        if (dtype == ScalarType.Bool) return ramp.remainder(3).eq(0);
        if (dtype is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64)
        {
            using var f = ramp.to_type(ScalarType.Float64);
            using var scaled = f.mul(0.25).add(-3.5);
            return scaled.to_type(dtype);
        }
        using var wrapped = ramp.remainder(100).add(7);
        return wrapped.to_type(dtype);
    }

    /// <summary>torch.equal: same shape, dtype and every element.</summary>
    internal static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.Equals(b);

    /// <summary>The call throws <typeparamref name="TException"/> (or a subclass) whose message holds every fragment,
    /// and <paramref name="target"/> is as it was (compared with a clone by equal()).</summary>
    internal static TException Rejects<TException>(Tensor target, Action act, params string[] fragments) where TException : Exception
    {
        using var before = target.clone();
        var e = Assert.ThrowsAny<TException>(act);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        Assert.True(Same(target, before), $"tensor changed by a rejected call ({e.Message})");
        return e;
    }

    internal static ArgumentException Rejects(Tensor target, Action act, params string[] fragments) =>
        Rejects<ArgumentException>(target, act, fragments);

    internal static bool AllFinite(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.to_type(ScalarType.Float64).isfinite().all().item<bool>();
    }

    internal static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }
}
