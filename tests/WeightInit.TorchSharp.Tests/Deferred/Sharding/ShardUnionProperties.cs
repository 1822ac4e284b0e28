using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using WeightInit.Deferred;
using WeightInit.Policy;
using WeightInit.Tests.Properties;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Deferred.Sharding;

/// <summary>Union of shards = whole: random shapes, dtypes, actions (elementwise, fused blocks, scaled, coupled),
/// cuts (rows, columns, flat) and world sizes; the ranks' parts put together equal ApplyInit on the eager parameter
/// bit for bit, every element in exactly one part.</summary>
[Collection(GlobalRngCollection.Name)] // set_default_device(META) is process-global
public class ShardUnionProperties
{
    static readonly string[] AnyShape =
    {
        "uniform_(-0.5, 2)", "normal_(mean=1, std=0.3)", "trunc_normal_(std=0.02)", "trunc_normal_(mean=0.5, a=0, b=1)",
        "constant_(0.25)", "zeros_", "ones_", "scaled(0.7, normal_(std=2))",
    };

    static readonly string[] Matrix =
    {
        "xavier_uniform_(gain=1.5)", "xavier_normal_", "kaiming_uniform_(a=sqrt(5))", "kaiming_normal_(mode='fan_out')",
        "lecun_normal_", "variance_scaling_(scale=2, mode='fan_geo_avg')", "variance_scaling_(distribution='uniform')",
        "orthogonal_", "blocks({n}, xavier_uniform_)", "blocks({n}, scaled(-2, kaiming_normal_))", "blocks({n}, orthogonal_(gain=0.5))",
    };

    static readonly string[] TwoD = { "sparse_(sparsity=0.4)", "eye_", "blocks({n}, eye_)", "mamba_dt_weight()", "mamba_a_log()" };
    static readonly string[] OneD = { "mamba_a_log()", "mamba_dt_bias()", "blocks({n}, uniform_)" };
    static readonly string[] Conv = { "dirac_", "dirac_(groups={n})" };

    static readonly ScalarType[] DTypes = { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 };

    [Fact]
    public void UnionOfShardsIsTheWhole()
    {
        var cases =
            from n in Gen.Choose(1, 3)
            from dims in Gen.Choose(1, 4)
            from rest in Gen.Choose(0, 6).ArrayOf(dims - 1)
            from k in Gen.Choose(0, 5)
            from dtype in Gen.Elements(DTypes)
            from kind in Gen.Elements(ShardKind.Rows, ShardKind.Columns, ShardKind.Flat)
            from world in Gen.Choose(1, 6)
            from pick in Gen.Choose(0, 1000)
            from seed in Gen.Choose(0, 1000)
            select (n, shape: new[] { (long)n * k }.Concat(rest.Select(d => (long)d)).ToArray(), dtype, kind, world, pick, seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var actions = AnyShape.AsEnumerable();
            if (c.shape.Length >= 2) actions = actions.Concat(Matrix);
            if (c.shape.Length == 2) actions = actions.Concat(TwoD);
            if (c.shape.Length == 1) actions = actions.Concat(OneD);
            if (c.shape.Length >= 3) actions = actions.Concat(Conv);
            var list = actions.ToArray();
            string action = list[c.pick % list.Length].Replace("{n}", c.n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var layout = c.kind switch
            {
                ShardKind.Rows => ShardLayout.Replicated.SplitRows("w"),
                ShardKind.Columns when c.shape.Length >= 2 => ShardLayout.Replicated.SplitColumns("w"),
                _ => ShardLayout.Flat,
            };
            var policy = InitPolicy.Empty.ForName("w", action);
            Shards.AssertUnionIsWhole(() => new OneParam(c.shape, c.dtype), policy, layout, c.world, (ulong)c.seed);
        }).Check(PropertyConfig.Quick(150));
    }
}
