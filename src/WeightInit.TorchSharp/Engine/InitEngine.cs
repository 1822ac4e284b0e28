using System;

namespace WeightInit.Engine;

/// <summary>
/// An opt-in counter-based random engine: every number is a counter-based generator (ARS4x32-7 by default, or
/// Philox4x32-10) of (seed, stream key, element index), so
/// values do not depend on thread count, on what else is initialized, or on which shard of a tensor is filled. The
/// CPU kernels are vectorized and spread over cores. Values are not PyTorch's; the PyTorch-parity path (a
/// <c>Generator</c> or the global RNG) stays the default.
/// </summary>
/// <example><code>
/// var engine = InitEngine.Counter(42);
/// InitScheme.KaimingNormal().Apply(weight, engine.Stream("encoder.0.weight"));
/// model.ApplyInit(policy, engine);   // each parameter's stream key is its qualified name
/// </code></example>
public sealed class InitEngine
{
    InitEngine(ulong seed, CounterGenerator generator, int maxDegreeOfParallelism)
    {
        Seed = seed;
        Generator = generator;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>The version of the values the engine draws: (seed, generator, stream key, element index, dtype,
    /// draw and arguments) give the same bits in every release with the same stream format. Any change of a value
    /// bumps it (and gets a CHANGELOG entry); the tests' golden file (Engine/Golden/engine-golden.json) records the
    /// version its values were made with.</summary>
    public const int StreamFormatVersion = 1;

    /// <summary>A counter engine with this seed and the default generator (ARS4x32-7), using all cores.</summary>
    public static InitEngine Counter(ulong seed) => new(seed, CounterGenerator.Ars, -1);

    /// <summary>A counter engine with this seed and generator, using all cores.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="generator"/> is not a defined
    /// <see cref="CounterGenerator"/>.</exception>
    public static InitEngine Counter(ulong seed, CounterGenerator generator)
    {
        if (!Enum.IsDefined(generator)) throw new ArgumentOutOfRangeException(nameof(generator), generator, "unknown counter generator");
        return new(seed, generator, -1);
    }

    /// <summary>The generator's key.</summary>
    public ulong Seed { get; }

    /// <summary>The counter-based generator every number comes from.</summary>
    public CounterGenerator Generator { get; }

    /// <summary>Most threads a fill uses (−1: as many as Parallel.For likes). Values do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>The same engine with at most <paramref name="threads"/> threads (−1 for no limit).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is 0 or less than −1.</exception>
    public InitEngine WithMaxDegreeOfParallelism(int threads)
    {
        if (threads == 0 || threads < -1) throw new ArgumentOutOfRangeException(nameof(threads), "must be positive or -1");
        return new InitEngine(Seed, Generator, threads);
    }

    /// <summary>The stream named <paramref name="key"/> (e.g. a parameter's qualified name), from element 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public CounterStream Stream(string key) => new(this, key, StreamKey.Hash(key), 0);

    /// <summary>The call that makes this engine, and the stream format its values follow, e.g.
    /// <c>InitEngine.Counter(42) [stream format 1]</c>.</summary>
    public override string ToString() =>
        (Generator == CounterGenerator.Ars ? $"InitEngine.Counter({Seed})" : $"InitEngine.Counter({Seed}, CounterGenerator.{Generator})")
        + $" [stream format {StreamFormatVersion}]";
}
