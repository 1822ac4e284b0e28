namespace WeightInit.Deferred;

/// <summary>How a parameter is cut across ranks (see <see cref="ShardSpec"/>).</summary>
public enum ShardKind
{
    /// <summary>Every rank holds the whole parameter (norm weights, small biases).</summary>
    Replicated,
    /// <summary>Rows [start, start + count) of dim 0: a column-parallel Linear (output features), a vocab-parallel
    /// Embedding.</summary>
    Rows,
    /// <summary>Columns [start, start + count) of dim 1: a row-parallel Linear (input features).</summary>
    Columns,
    /// <summary>Elements [start, start + count) of the flattened parameter (FSDP-style flat shards).</summary>
    Flat,
}
