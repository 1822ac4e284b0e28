using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Properties;

/// <summary>Shard = slice: for every elementwise scheme, dtype and generator, rows [a, b) filled alone by
/// <see cref="InitScheme.ApplyShard"/> equal those rows of the whole tensor filled at once, bit for bit, however
/// the rows are cut.</summary>
public class ShardProperties
{
    static readonly string[] Schemes =
    {
        "uniform_(-0.5, 2)", "normal_(mean=1, std=0.3)", "trunc_normal_(std=0.02)", "trunc_normal_(mean=0.5, a=0, b=1)",
        "xavier_uniform_(gain=1.5)", "xavier_normal_", "kaiming_uniform_(a=sqrt(5))", "kaiming_normal_(mode='fan_out')",
        "lecun_uniform_", "lecun_normal_", "variance_scaling_(scale=2, mode='fan_geo_avg')",
        "variance_scaling_(distribution='uniform')", "constant_(0.25)", "zeros_", "ones_",
    };

    static readonly ScalarType[] DTypes = { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 };

    [Fact]
    public void ShardsEqualSlicesOfTheWhole()
    {
        var cases =
            from rows in Gen.Choose(1, 40)
            from cols in Gen.Choose(1, 9)
            from depth in Gen.Choose(0, 3)
            from cuts in Gen.Choose(0, 40).ArrayOf().Where(a => a.Length <= 4)
            from scheme in Gen.Elements(Schemes)
            from dtype in Gen.Elements(DTypes)
            from philox in Gen.Elements(false, true)
            from seed in Gen.Choose(0, 1000)
            select (rows, cols, depth, cuts, scheme, dtype, philox, seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var scope = NewDisposeScope();
            long[] full = c.depth == 0 ? new long[] { c.rows, c.cols } : new long[] { c.rows, c.cols, c.depth };
            var engine = InitEngine.Counter((ulong)c.seed, c.philox ? CounterGenerator.Philox : CounterGenerator.Ars);
            var scheme = InitScheme.Parse(c.scheme);
            var whole = empty(full, dtype: c.dtype);
            scheme.Apply(whole, engine, "w");
            var bounds = c.cuts.Select(x => (long)(x % (c.rows + 1))).Append(0).Append(c.rows).Distinct().OrderBy(x => x).ToArray();
            for (int i = 0; i + 1 < bounds.Length; i++)
            {
                long start = bounds[i], count = bounds[i + 1] - bounds[i];
                var shape = (long[])full.Clone();
                shape[0] = count;
                var shard = empty(shape, dtype: c.dtype);
                scheme.ApplyShard(shard, full, start, engine.Stream("w"));
                Assert.True(shard.bytes.ToArray().SequenceEqual(whole.narrow(0, start, count).contiguous().bytes.ToArray()), $"{c.scheme} {c.dtype} rows [{start}, {start + count}) of {c.rows}");
            }
        }).Check(WeightInit.Tests.Properties.PropertyConfig.Quick(200));
    }
}
