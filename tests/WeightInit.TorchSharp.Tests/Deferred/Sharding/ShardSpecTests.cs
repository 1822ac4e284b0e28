using System;
using System.Linq;
using WeightInit.Deferred;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Deferred.Sharding;

/// <summary>ShardSpec and ShardLayout as values: shapes, slices, splits, errors.</summary>
[Collection(GlobalRngCollection.Name)] // set_default_device(META) is process-global
public class ShardSpecTests
{
    [Fact]
    public void LocalShapesOfEachKind()
    {
        long[] full = { 6, 4, 3 };
        Assert.Equal(new long[] { 2, 4, 3 }, ShardSpec.Rows(1, 2).LocalShape(full));
        Assert.Equal(new long[] { 6, 3, 3 }, ShardSpec.Columns(1, 3).LocalShape(full));
        Assert.Equal(new long[] { 10 }, ShardSpec.Flat(5, 10).LocalShape(full));
        Assert.Equal(full, ShardSpec.Replicated.LocalShape(full));
        Assert.Equal("rows [1, 3)", ShardSpec.Rows(1, 2).ToString());
        Assert.Equal("columns [1, 4)", ShardSpec.Columns(1, 3).ToString());
        Assert.Equal(ShardSpec.Flat(2, 3), ShardSpec.Flat(2, 3));
    }

    [Fact]
    public void SpecsThatDoNotFitAreErrorsNamingTheShape()
    {
        Assert.Contains("outside the 6 rows of a parameter of shape [6, 4]", Assert.Throws<ArgumentException>(() => ShardSpec.Rows(5, 2).LocalShape(new long[] { 6, 4 })).Message);
        Assert.Contains("needs a parameter with at least 2 dims, but its shape is [6]", Assert.Throws<ArgumentException>(() => ShardSpec.Columns(0, 1).LocalShape(new long[] { 6 })).Message);
        Assert.Contains("outside the 24 elements", Assert.Throws<ArgumentException>(() => ShardSpec.Flat(long.MaxValue, 1).LocalShape(new long[] { 6, 4 })).Message);
        Assert.Contains("more elements than int64", Assert.Throws<ArgumentException>(() => ShardSpec.Flat(0, 1).LocalShape(new long[] { 1L << 40, 1L << 40 })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardSpec.Rows(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardSpec.Flat(0, -2));
    }

    [Fact]
    public void SliceCutsATensorAsTheRunsSay()
    {
        using var scope = NewDisposeScope();
        var full = arange(72, dtype: ScalarType.Float32).reshape(6, 4, 3);
        Assert.Equal(full.narrow(1, 1, 2).contiguous().data<float>().ToArray(), ShardSpec.Columns(1, 2).Slice(full).data<float>().ToArray());
        Assert.Equal(Enumerable.Range(7, 9).Select(i => (float)i).ToArray(), ShardSpec.Flat(7, 9).Slice(full).data<float>().ToArray());
        var runs = ShardSpec.Columns(1, 2).Runs(full.shape);
        Assert.Equal(6, runs.Count);
        Assert.Equal(new ShardRun(12 + 3, 6, 6), runs[1]);
    }

    [Fact]
    public void EvenSplitAndFlatRange()
    {
        Assert.Equal(new[] { (0L, 3L), (3L, 3L), (6L, 2L), (8L, 2L) }, Enumerable.Range(0, 4).Select(r => ShardLayout.EvenSplit(10, r, 4)));
        Assert.Equal(new[] { (0L, 1L), (1L, 1L), (2L, 0L) }, Enumerable.Range(0, 3).Select(r => ShardLayout.EvenSplit(2, r, 3)));
        Assert.Equal(new[] { (0L, 4L), (4L, 4L), (8L, 2L) }, Enumerable.Range(0, 3).Select(r => ShardLayout.FlatRange(10, r, 3)));
        Assert.Equal(new[] { (0L, 1L), (1L, 0L), (1L, 0L) }, Enumerable.Range(0, 3).Select(r => ShardLayout.FlatRange(1, r, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardLayout.EvenSplit(10, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardLayout.FlatRange(-1, 0, 4));
    }

    [Fact]
    public void LayoutsAreImmutableAndPrintTheirRules()
    {
        var a = ShardLayout.Replicated.SplitRows("a.*");
        var b = a.SplitColumns("b.weight");
        Assert.Equal("ShardLayout.Replicated.SplitRows(\"a.*\")", a.ToString());
        Assert.Equal("ShardLayout.Replicated.SplitRows(\"a.*\").SplitColumns(\"b.weight\")", b.ToString());
        Assert.Throws<InvalidOperationException>(() => ShardLayout.Flat.SplitRows("x"));
        Assert.Throws<ArgumentException>(() => ShardLayout.Replicated.SplitRows("a.{b"));
    }

    [Fact]
    public void FlatLayoutCutsTheConcatenationInParameterOrder()
    {
        using var meta = Shards.OnMeta(() => new MixedModel(tied: true));
        // embed 104, qkv 192 + 24, up 80 + 10, down 80 + 8, conv 270 + 5; head is tied: 773 in all, 258 per rank.
        var specs = Enumerable.Range(0, 3).Select(r => ShardLayout.Flat.SpecsFor(meta, r, 3)).ToArray();
        Assert.False(specs[0].ContainsKey("head.weight"));
        Assert.Equal(ShardSpec.Flat(0, 104), specs[0]["embed.weight"]);
        Assert.Equal(ShardSpec.Flat(0, 154), specs[0]["qkv.weight"]);
        Assert.Equal(ShardSpec.Flat(154, 38), specs[1]["qkv.weight"]);
        Assert.Equal(ShardSpec.Flat(0, 0), specs[2]["qkv.weight"]);
        Assert.Equal(773, specs.Sum(s => s.Values.Sum(v => v.Count)));
        Assert.All(specs.Take(2), s => Assert.Equal(258, s.Values.Sum(v => v.Count)));
    }
}
