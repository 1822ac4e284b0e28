using System;
using System.Threading;
using System.Threading.Tasks;
using WeightInit.Engine;
using WeightInit.Policy;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary>Compiles Materialize's code on a background thread while the first <see cref="DeferredInit.Build{T}"/> of
/// the process runs its constructor on the caller's thread, which leaves the other cores idle: in a fresh process the
/// JIT of the engine's kernels, the plan and the tensor swap is otherwise paid inside the first Materialize (a fifth of
/// it for a GPT-2-small-sized model). Once per process. It materializes a tiny model of its own, built with explicit
/// devices (not the default device that Build sets), on its own thread and dispose scope, and ignores its own failures:
/// it changes when code is compiled, never what runs or what it computes.</summary>
internal static class MaterializeWarmup
{
    static int _started;
    static readonly TaskCompletionSource<bool> Finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the warm-up materialized its model (false: it failed, which only costs the first Materialize
    /// its own compiling); completes when the warm-up ends.</summary>
    internal static Task<bool> Completion => Finished.Task;

    /// <summary>Why the warm-up failed, if it did (for tests).</summary>
    internal static Exception? Failure { get; private set; }

    /// <summary>Starts the warm-up unless it has started before; returns at once.</summary>
    internal static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        // A process that ends at once must not unload libtorch under the thread: exit waits for it a little.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Finished.Task.Wait(TimeSpan.FromSeconds(10));
        new Thread(Run) { IsBackground = true, Name = "WeightInit Materialize warm-up" }.Start();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031", Justification = "A failed warm-up only means the first Materialize compiles its own code.")]
    static void Run()
    {
        try
        {
            using var scope = NewDisposeScope();
            using var model = nn.Sequential(
                ("normal", nn.Linear(8, 8, device: META)),
                ("uniform", nn.Linear(8, 8, device: META)),
                ("trunc", nn.Linear(8, 8, device: META)),
                ("norm", nn.LayerNorm(8, device: META)));
            // The engine's float kernels (the normal, uniform and inverse-CDF truncated normal draws) and the plan for the usual layers.
            var policy = InitPolicy.Transformer()
                .ForName("uniform.weight", "kaiming_uniform_(a=2.23606797749979)")
                .ForName("trunc.weight", "trunc_normal_(std=1, a=-2, b=2)");
            model.Materialize(policy, InitEngine.Counter(0), CPU);
            Finished.TrySetResult(true);
        }
        catch (Exception e)
        {
            Failure = e;
            Finished.TrySetResult(false);
        }
    }
}
