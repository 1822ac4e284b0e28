using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using TorchSharp;
using WeightInit.Policy;

namespace WeightInit.Deferred;

/// <summary>
/// Which <see cref="ShardSpec"/> each parameter of a model gets on rank r of w: an immutable, ordered list of rules
/// by qualified-name glob (Megatron-style tensor parallelism: split rows, split columns, replicate; the last matching
/// rule decides, and a parameter no rule matches is replicated), or <see cref="Flat"/> (FSDP-style: rank r holds
/// the r-th equal part of the concatenation of every flattened parameter in named_parameters order). Parts are
/// balanced: a dim of n split w ways gives the first n mod w ranks one row (or column) more. A tied tensor is cut
/// by the rule for its first name.
/// </summary>
public sealed class ShardLayout
{
    enum Split { Replicate, Rows, Columns }

    sealed record Rule(NameGlob Glob, Split Split);

    readonly ImmutableArray<Rule> _rules;
    readonly bool _flat;

    ShardLayout(ImmutableArray<Rule> rules, bool flat)
    {
        _rules = rules;
        _flat = flat;
    }

    /// <summary>Every parameter whole on every rank; add rules with <see cref="SplitRows"/> and <see cref="SplitColumns"/>.</summary>
    public static ShardLayout Replicated { get; } = new(ImmutableArray<Rule>.Empty, flat: false);

    /// <summary>FSDP-style: the concatenation of every distinct parameter, flattened, in named_parameters order, cut
    /// into w equal ranges of ceil(total / w) elements (the last shorter, as FSDP pads it); each parameter gets its
    /// intersection with the rank's range as a <see cref="ShardSpec.Flat"/> (possibly empty).</summary>
    public static ShardLayout Flat { get; } = new(ImmutableArray<Rule>.Empty, flat: true);

    /// <summary>Megatron-style tensor parallelism: parameters matching <paramref name="columnParallel"/> (column-parallel
    /// Linear weights and their biases, split over output features; a vocab-parallel embedding or LM head) are split
    /// by rows of dim 0; those matching <paramref name="rowParallel"/> (row-parallel Linear weights, split over input
    /// features; their biases stay replicated) by columns of dim 1; the rest is replicated.</summary>
    /// <exception cref="ArgumentException">A glob is malformed.</exception>
    public static ShardLayout Megatron(IEnumerable<string> columnParallel, IEnumerable<string> rowParallel)
    {
        ArgumentNullException.ThrowIfNull(columnParallel);
        ArgumentNullException.ThrowIfNull(rowParallel);
        return Replicated.SplitRows(columnParallel.ToArray()).SplitColumns(rowParallel.ToArray());
    }

    /// <summary>This layout, then: parameters matching any of <paramref name="globs"/> are split by rows of dim 0.</summary>
    /// <exception cref="ArgumentException">A glob is malformed.</exception>
    /// <exception cref="InvalidOperationException">On <see cref="Flat"/>, which has no rules.</exception>
    public ShardLayout SplitRows(params string[] globs) => With(globs, Split.Rows);

    /// <summary>This layout, then: parameters matching any of <paramref name="globs"/> are split by columns of dim 1.</summary>
    /// <exception cref="ArgumentException">A glob is malformed.</exception>
    /// <exception cref="InvalidOperationException">On <see cref="Flat"/>, which has no rules.</exception>
    public ShardLayout SplitColumns(params string[] globs) => With(globs, Split.Columns);

    /// <summary>This layout, then: parameters matching any of <paramref name="globs"/> are replicated.</summary>
    /// <exception cref="ArgumentException">A glob is malformed.</exception>
    /// <exception cref="InvalidOperationException">On <see cref="Flat"/>, which has no rules.</exception>
    public ShardLayout Replicate(params string[] globs) => With(globs, Split.Replicate);

    ShardLayout With(string[] globs, Split split)
    {
        ArgumentNullException.ThrowIfNull(globs);
        if (_flat) throw new InvalidOperationException("ShardLayout.Flat cuts the concatenation of all parameters and takes no rules");
        var rules = _rules.ToBuilder();
        foreach (var g in globs) rules.Add(new Rule(new NameGlob(g ?? throw new ArgumentNullException(nameof(globs))), split));
        return new ShardLayout(rules.ToImmutable(), flat: false);
    }

    /// <summary>Each distinct parameter's spec on rank <paramref name="rank"/> of <paramref name="worldSize"/>, by
    /// qualified name (tied aliases left out: they share their first name's tensor). Reads shapes only, so it works
    /// on META.</summary>
    /// <exception cref="ArgumentOutOfRangeException">worldSize &lt; 1, or rank outside [0, worldSize).</exception>
    /// <exception cref="ArgumentException">A rule does not fit a parameter (columns of a 1-D bias), naming each.</exception>
    public IReadOnlyDictionary<string, ShardSpec> SpecsFor(torch.nn.Module module, int rank, int worldSize)
    {
        ArgumentNullException.ThrowIfNull(module);
        var sites = ModuleWalker.Sites(module);
        var specs = Resolve(sites, rank, worldSize);
        var map = new Dictionary<string, ShardSpec>(StringComparer.Ordinal);
        for (int i = 0; i < sites.Count; i++) map[sites[i].QualifiedName] = specs[i];
        return map;
    }

    internal static void CheckRank(int rank, int worldSize)
    {
        if (worldSize < 1) throw new ArgumentOutOfRangeException(nameof(worldSize), worldSize, "the world size must be at least 1");
        if (rank < 0 || rank >= worldSize) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"the rank must be in [0, {worldSize})");
    }

    /// <summary>Specs aligned with <paramref name="sites"/>, each checked against its parameter's shape.</summary>
    internal ShardSpec[] Resolve(IReadOnlyList<ParameterSite> sites, int rank, int worldSize)
    {
        CheckRank(rank, worldSize);
        var specs = new ShardSpec[sites.Count];
        var problems = new List<string>();
        if (_flat)
        {
            long total = 0;
            var offsets = new long[sites.Count];
            for (int i = 0; i < sites.Count; i++)
            {
                offsets[i] = total;
                long[] shape = sites[i].Shape;
                total = checked(total + ShardSpec.Numel(shape, 0, ShardSpec.ShapeText(shape)));
            }
            var (start, count) = FlatRange(total, rank, worldSize);
            long end = start + count;
            for (int i = 0; i < sites.Count; i++)
            {
                long numel = (i + 1 < sites.Count ? offsets[i + 1] : total) - offsets[i];
                long s = Math.Clamp(start - offsets[i], 0, numel), e = Math.Clamp(end - offsets[i], 0, numel);
                specs[i] = e > s ? ShardSpec.Flat(s, e - s) : ShardSpec.Flat(0, 0); // one spelling of "nothing here"
            }
            return specs;
        }
        for (int i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var split = Split.Replicate;
            string? rule = null;
            foreach (var r in _rules)
                if (r.Glob.IsMatch(site.QualifiedName)) { split = r.Split; rule = r.Glob.Pattern; }
            long[] shape = site.Shape;
            int dim = split == Split.Rows ? 0 : 1;
            if (split != Split.Replicate && shape.Length <= dim)
            {
                problems.Add($"{site.QualifiedName} {ShardSpec.ShapeText(shape)}: rule '{rule}' splits dim {dim}, which it does not have");
                specs[i] = ShardSpec.Replicated;
                continue;
            }
            specs[i] = split switch
            {
                Split.Rows => Part(shape[0], rank, worldSize, ShardSpec.Rows),
                Split.Columns => Part(shape[1], rank, worldSize, ShardSpec.Columns),
                _ => ShardSpec.Replicated,
            };
        }
        if (problems.Count > 0)
            throw new ArgumentException($"The shard layout does not fit {problems.Count} parameter(s):\n  " + string.Join("\n  ", problems));
        return specs;
    }

    static ShardSpec Part(long length, int rank, int worldSize, Func<long, long, ShardSpec> make)
    {
        var (start, count) = EvenSplit(length, rank, worldSize);
        return make(start, count);
    }

    /// <summary>Rank <paramref name="rank"/>'s part of <paramref name="length"/> items split
    /// <paramref name="worldSize"/> ways, balanced: the first length mod w ranks get one more.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative length, worldSize &lt; 1, or rank outside [0, worldSize).</exception>
    public static (long Start, long Count) EvenSplit(long length, int rank, int worldSize)
    {
        CheckRank(rank, worldSize);
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "must be non-negative");
        long q = length / worldSize, rem = length % worldSize;
        return (rank * q + Math.Min(rank, rem), q + (rank < rem ? 1 : 0));
    }

    /// <summary>FSDP's cut of <paramref name="total"/> flattened elements: rank r holds
    /// [r·c, min((r + 1)·c, total)) with c = ceil(total / w), so every rank but the last holds exactly c.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative total, worldSize &lt; 1, or rank outside [0, worldSize).</exception>
    public static (long Start, long Count) FlatRange(long total, int rank, int worldSize)
    {
        CheckRank(rank, worldSize);
        if (total < 0) throw new ArgumentOutOfRangeException(nameof(total), total, "must be non-negative");
        long chunk = total / worldSize + (total % worldSize == 0 ? 0 : 1);
        long start = Math.Min(total, rank * chunk);
        return (start, Math.Min(total, start + chunk) - start);
    }

    /// <summary><c>ShardLayout.Flat</c>, or the rules, e.g. <c>ShardLayout.Replicated.SplitRows("**.q_proj.weight")</c>.</summary>
    public override string ToString() => _flat ? "ShardLayout.Flat" :
        "ShardLayout.Replicated" + string.Concat(_rules.Select(r => $".{(r.Split == Split.Rows ? "SplitRows" : r.Split == Split.Columns ? "SplitColumns" : "Replicate")}(\"{r.Glob.Pattern}\")"));
}
