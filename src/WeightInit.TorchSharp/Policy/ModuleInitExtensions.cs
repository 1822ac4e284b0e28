using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Policy;

/// <summary><c>model.ApplyInit(policy)</c> and <c>layer.ApplyInit(scheme)</c>.</summary>
public static class ModuleInitExtensions
{
    /// <summary>Initializes the module tree by the policy and reports what it did. The plan is resolved and validated
    /// first (<see cref="InitPolicy.Plan"/>), so a policy that does not fit throws before any tensor is written.
    /// Parameters are visited in PyTorch's named_parameters() order, so a seed gives the same model every time.</summary>
    /// <param name="module">The root of the tree.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="generator">The random source; null: the global generator.</param>
    /// <exception cref="InitPolicyException">A rule's action does not fit a parameter, or (Strict) a parameter is not covered or a user rule matches nothing; thrown before any write.</exception>
    /// <exception cref="ObjectDisposedException">A module or parameter of the tree has been disposed.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PartialInitException">A write failed after validation (out of memory, a device error, a user action that threw); it names what was written.</exception>
    public static InitReport ApplyInit(this nn.Module module, InitPolicy policy, Generator? generator = null)
    {
        var source = RandomSource.Torch(generator);
        return Apply(module, policy, _ => source);
    }

    /// <summary>As above, drawing from a counter <paramref name="engine"/>: each parameter's values come from the
    /// engine's stream named by its qualified name (<c>blocks.0.attn.W_query.weight</c>), so they do not depend on
    /// the other parameters, their order, or whether a layer was added elsewhere in the model.</summary>
    /// <param name="module">The root of the tree.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="engine">The counter engine.</param>
    /// <exception cref="InitPolicyException">A rule's action does not fit a parameter, or (Strict) a parameter is not covered or a user rule matches nothing; thrown before any write.</exception>
    /// <exception cref="ObjectDisposedException">A module or parameter of the tree has been disposed.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PartialInitException">A write failed after validation (out of memory, a device error, a user action that threw); it names what was written.</exception>
    public static InitReport ApplyInit(this nn.Module module, InitPolicy policy, InitEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Apply(module, policy, site => engine.Stream(site.QualifiedName));
    }

    /// <summary>One scheme on every weight, zeros on every bias, from a counter engine.</summary>
    /// <param name="module">The root of the tree.</param>
    /// <param name="scheme">The scheme for every weight.</param>
    /// <param name="engine">The counter engine.</param>
    /// <exception cref="InitPolicyException">A rule's action does not fit a parameter, or (Strict) a parameter is not covered or a user rule matches nothing; thrown before any write.</exception>
    /// <exception cref="ObjectDisposedException">A module or parameter of the tree has been disposed.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PartialInitException">A write failed after validation (out of memory, a device error, a user action that threw); it names what was written.</exception>
    public static InitReport ApplyInit(this nn.Module module, InitScheme scheme, InitEngine engine) =>
        module.ApplyInit(InitPolicy.EveryWeight(scheme), engine);

    static InitReport Apply(nn.Module module, InitPolicy policy, Func<ParameterSite, RandomSource> sourceFor) =>
        Run(InitPlan.Resolve(policy, module), sourceFor, statistics: true);

    /// <summary>Writes a resolved plan (ApplyInit's loop, shared with deferred init's Materialize). Without
    /// <paramref name="statistics"/> the report has no mean/std: no second read of each parameter.</summary>
    internal static InitReport Run(InitPlan plan, Func<ParameterSite, RandomSource> sourceFor, bool statistics)
    {
        // Each parameter's report statistics (one read of it) run on the thread pool while the next parameter is
        // filled, which hides most of their cost (libtorch's generator draws on one thread, though its elementwise
        // steps use every core). One thread each: a parallel read would take cores from the fill it hides behind.
        var pending = new List<(int Index, Task<(double, double)> Stats)>();
        // The scope disposes the wrappers that in-place calls and indexing return (TorchSharp 0.107's zero_() and
        // p[row] each make a new Tensor handle), which would otherwise leak a few native handles per call.
        var written = new List<string>();
        using (NewDisposeScope())
        using (no_grad())
        {
            foreach (var step in plan.Steps)
            {
                if (step.Outcome != InitOutcome.Planned) continue;
                var p = step.Site.Parameter;
                try
                {
                    step.Action!.Apply(p, step.Site, sourceFor(step.Site));
                    foreach (long row in step.PaddingRows) p[row].zero_();
                }
                catch (Exception e)
                {
                    // The plan validated everything that depends on arguments, shapes and dtypes; what is left (out of
                    // memory, a device error) must still say what was already written.
                    try { Task.WaitAll(pending.Select(x => x.Stats).ToArray<Task>()); }
                    catch (AggregateException) { } // the write's failure is the one to report
                    throw new PartialInitException(written.ToArray(), step.Site.QualifiedName, e);
                }
                written.Add(step.Site.QualifiedName);
                if (step.Mark) InitMarks.Mark(p);
                if (statistics) pending.Add((step.Site.Index, Task.Run(() => Moments.Of(p, parallel: false))));
            }
            foreach (var reset in plan.BufferResets)
                foreach (var (name, buffer) in reset.Owner.named_buffers(recurse: false))
                    if (name == reset.Name) buffer.fill_(reset.Value);
        }
        var stats = new Dictionary<int, (double, double)>();
        foreach (var (index, task) in pending) stats[index] = task.GetAwaiter().GetResult();
        return plan.ToReport(applied: true, stats);
    }

    /// <summary>One scheme on every weight of the module (and its children), zeros on every bias:
    /// <c>attn.W_query.ApplyInit(InitScheme.Parse("xavier_uniform_"))</c>. All or nothing, as a policy.</summary>
    /// <param name="module">The root of the tree.</param>
    /// <param name="scheme">The scheme for every weight.</param>
    /// <param name="generator">The random source; null: the global generator.</param>
    /// <exception cref="InitPolicyException">A rule's action does not fit a parameter, or (Strict) a parameter is not covered or a user rule matches nothing; thrown before any write.</exception>
    /// <exception cref="ObjectDisposedException">A module or parameter of the tree has been disposed.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PartialInitException">A write failed after validation (out of memory, a device error, a user action that threw); it names what was written.</exception>
    public static InitReport ApplyInit(this nn.Module module, InitScheme scheme, Generator? generator = null) =>
        module.ApplyInit(InitPolicy.EveryWeight(scheme), generator);
}
