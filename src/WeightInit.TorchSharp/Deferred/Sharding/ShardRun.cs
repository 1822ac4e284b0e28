namespace WeightInit.Deferred;

/// <summary>A contiguous piece of a shard: <paramref name="Length"/> elements that are elements
/// [<paramref name="Global"/>, Global + Length) of the whole parameter (row-major) and elements
/// [<paramref name="Local"/>, Local + Length) of the flattened local shard.</summary>
internal readonly record struct ShardRun(long Global, long Local, long Length);
