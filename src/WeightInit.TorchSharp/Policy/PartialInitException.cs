using System;
using System.Collections.Generic;

namespace WeightInit.Policy;

/// <summary>ApplyInit failed while writing, after its plan was validated: something no check can foresee (out of
/// memory, a device error, a custom action that threw). Unlike <see cref="InitPolicyException"/>, which is thrown
/// before any write, some parameters may already hold their new values: <see cref="Written"/> names them, in order,
/// and <see cref="Failed"/> names the parameter being written when it failed (which may be partly written). The
/// cause is the <see cref="Exception.InnerException"/>.</summary>
public sealed class PartialInitException : Exception
{
    /// <summary>A failure while writing <paramref name="failed"/>, after <paramref name="written"/>.</summary>
    /// <param name="written">The parameters fully written before the failure.</param>
    /// <param name="failed">The parameter being written.</param>
    /// <param name="inner">The cause.</param>
    public PartialInitException(IReadOnlyList<string> written, string failed, Exception inner)
        : base($"ApplyInit failed while writing '{failed}' ({inner.GetType().Name}: {inner.Message}); " +
               (written.Count == 0 ? "no parameter had been written before it." :
                   $"{written.Count} parameter(s) were already written: {string.Join(", ", written)}."), inner)
    {
        Written = written;
        Failed = failed;
    }

    /// <summary>Qualified names of the parameters that were fully written before the failure.</summary>
    public IReadOnlyList<string> Written { get; }

    /// <summary>Qualified name of the parameter whose write failed; it may be partly written.</summary>
    public string Failed { get; }
}
