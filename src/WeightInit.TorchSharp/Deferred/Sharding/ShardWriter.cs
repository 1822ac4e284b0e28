using System;
using System.Collections.Generic;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary>Writes an action's values for some runs of a parameter into the flattened local part: exactly the values
/// those elements get when the whole parameter is filled by <c>action.Apply(whole, site, stream)</c>. A counter
/// stream's element i depends on i alone, so elementwise actions fill each run from the stream at its global offset
/// (fans and bounds from the full shape); actions that couple elements compute the whole (block) and copy the runs.</summary>
internal static class ShardWriter
{
    /// <summary>Returns true when some part had to be computed whole.</summary>
    internal static bool Write(InitAction action, ParameterSite site, Tensor local, long[] full, List<ShardRun> runs, CounterStream stream)
    {
        if (runs.Count == 0) return false;
        switch (action)
        {
            case SchemeAction { Scheme: var scheme } when scheme.IsShardable:
                foreach (var run in runs) scheme.WriteRange(Piece(local, run), full, run.Global, stream);
                return false;
            case UniformBoundAction bounded:
            {
                // The bound from the full (block) shape, as Apply reads it off the whole target.
                double bound = bounded.Bound(site, full);
                var uniform = new UniformScheme(-bound, bound);
                foreach (var run in runs) uniform.WriteRange(Piece(local, run), full, run.Global, stream);
                return false;
            }
            case ScaledAction scaled:
            {
                bool whole = Write(scaled.Inner, site, local, full, runs, stream);
                using var scope = NewDisposeScope();
                foreach (var run in runs) Piece(local, run).mul_(scaled.Factor);
                return whole;
            }
            case BlocksAction blocks:
                return WriteBlocks(blocks, site, local, full, runs, stream);
            case MambaALogAction:
            {
                // The row exactly as Apply computes it (log over the same arange), then each element its column's value.
                long dState = full[^1];
                using var scope = NewDisposeScope();
                var row = arange(1, dState + 1, ScalarType.Float64, device: CPU).log_();
                foreach (var run in runs)
                {
                    var columns = arange(run.Global, run.Global + run.Length, ScalarType.Int64, device: CPU).remainder_(dState);
                    Piece(local, run).copy_(row.index_select(0, columns));
                }
                return false;
            }
            default:
                WriteWhole(action, site, local, full, runs, stream);
                return true;
        }
    }

    /// <summary>blocks(n, inner): block i is elements [i·B, (i+1)·B) of the whole, filled by inner as a tensor of the
    /// block's shape from the stream skipped by i·B (as BlocksAction.Apply does); each run is cut at block edges.</summary>
    static bool WriteBlocks(BlocksAction blocks, ParameterSite site, Tensor local, long[] full, List<ShardRun> runs, CounterStream stream)
    {
        long numel = ShardSpec.Numel(full, 0, ShardSpec.ShapeText(full));
        if (numel == 0) return false;
        var blockShape = (long[])full.Clone();
        blockShape[0] /= blocks.Count;
        long size = numel / blocks.Count;
        bool whole = false;
        for (long i = 0; i < blocks.Count; i++)
        {
            long start = i * size, end = start + size;
            var inBlock = new List<ShardRun>();
            foreach (var run in runs)
            {
                long s = Math.Max(run.Global, start), e = Math.Min(run.Global + run.Length, end);
                if (s < e) inBlock.Add(new ShardRun(s - start, run.Local + (s - run.Global), e - s));
            }
            if (inBlock.Count > 0) whole |= Write(blocks.Inner, site, local, blockShape, inBlock, stream.At(stream.Offset + start));
        }
        return whole;
    }

    /// <summary>The whole (block) filled by the action itself on the local part's device, the runs copied out, the rest
    /// freed.</summary>
    static void WriteWhole(InitAction action, ParameterSite site, Tensor local, long[] full, List<ShardRun> runs, CounterStream stream)
    {
        using var scope = NewDisposeScope();
        var whole = empty(full, local.dtype, local.device);
        action.Apply(whole, site, stream);
        var flat = whole.view(-1);
        foreach (var run in runs) Piece(local, run).copy_(flat.narrow(0, run.Global, run.Length));
    }

    /// <summary>Zeros the local elements of row <paramref name="row"/> (an embedding's padding row).</summary>
    internal static void ZeroRow(Tensor local, long[] full, long row, List<ShardRun> runs)
    {
        long rowSize = ShardSpec.Numel(full, 1, ShardSpec.ShapeText(full));
        long start = row * rowSize, end = start + rowSize;
        using var scope = NewDisposeScope();
        foreach (var run in runs)
        {
            long s = Math.Max(run.Global, start), e = Math.Min(run.Global + run.Length, end);
            if (s < e) local.narrow(0, run.Local + (s - run.Global), e - s).zero_();
        }
    }

    /// <summary>Copies the runs out of an existing (eager) parameter: a kept or uncovered parameter keeps its values.</summary>
    internal static void CopyFrom(Tensor parameter, Tensor local, List<ShardRun> runs)
    {
        using var scope = NewDisposeScope();
        var flat = parameter.detach().reshape(-1);
        foreach (var run in runs) Piece(local, run).copy_(flat.narrow(0, run.Global, run.Length));
    }

    static Tensor Piece(Tensor local, ShardRun run) => local.narrow(0, run.Local, run.Length);
}
