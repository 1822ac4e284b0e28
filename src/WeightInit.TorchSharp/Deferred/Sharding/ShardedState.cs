using System;
using System.Collections.Generic;
using System.Linq;

namespace WeightInit.Deferred;

/// <summary>What one rank materialized: each distinct parameter's local part in named_parameters order, found by
/// name (tied aliases included). Owns the tensors: dispose it (or take a tensor out with <c>Local.clone()</c>).</summary>
public sealed class ShardedState : IDisposable
{
    readonly Dictionary<string, ShardedParameter> _byName;

    internal ShardedState(int rank, int worldSize, IReadOnlyList<ShardedParameter> parameters)
    {
        Rank = rank;
        WorldSize = worldSize;
        Parameters = parameters;
        _byName = new Dictionary<string, ShardedParameter>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            _byName[p.Name] = p;
            foreach (var alias in p.Aliases) _byName[alias] = p;
        }
    }

    /// <summary>This rank.</summary>
    public int Rank { get; }

    /// <summary>How many ranks share the model.</summary>
    public int WorldSize { get; }

    /// <summary>Every distinct parameter, in named_parameters order.</summary>
    public IReadOnlyList<ShardedParameter> Parameters { get; }

    /// <summary>The parameter of this name (a first name or a tied alias).</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public ShardedParameter this[string name] =>
        _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"no parameter named '{name}' in this shard");

    /// <summary>Whether a parameter (or alias) of this name is in the state.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Bytes held by the local parts.</summary>
    public long Bytes => Parameters.Sum(p => p.Local.NumberOfElements * p.Local.ElementSize);

    /// <summary>Disposes every local tensor.</summary>
    public void Dispose()
    {
        foreach (var p in Parameters) p.Local.Dispose();
    }

    /// <summary><c>rank r of w: n parameters, b bytes</c>.</summary>
    public override string ToString() => $"rank {Rank} of {WorldSize}: {Parameters.Count} parameters, {Bytes} bytes";
}
