using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace StMamba.Model;

/// <summary>A Mamba (selective SSM) block over time (Gu and Dao, 2023): in_proj to (x, z), depthwise causal Conv1d,
/// x_proj to (dt, B, C), dt_proj, A = -exp(A_log), skip D, the selective scan, gating by SiLU(z), out_proj.
/// The constructor sets A_log = log(1..d_state) and D = 1 as mamba_ssm's does; the other layers keep TorchSharp's
/// constructor defaults until a policy says otherwise (InitPolicy.Mamba() sets all of them as mamba_ssm).</summary>
public sealed class MambaBlock : Module<Tensor, Tensor>
{
    readonly Linear in_proj, x_proj, dt_proj, out_proj;
    readonly Conv1d conv1d;
    readonly Parameter A_log, D;
    readonly ModelConfig _c;

    public MambaBlock(ModelConfig c) : base(nameof(MambaBlock))
    {
        _c = c;
        in_proj = Linear(c.DModel, 2 * c.DInner, hasBias: false);
        conv1d = Conv1d(c.DInner, c.DInner, c.DConv, groups: c.DInner, padding: c.DConv - 1);
        x_proj = Linear(c.DInner, c.DtRank + 2 * c.DState, hasBias: false);
        dt_proj = Linear(c.DtRank, c.DInner);
        using (no_grad())
        {
            A_log = new Parameter(arange(1, c.DState + 1, float32).log().repeat(c.DInner, 1));
            D = new Parameter(ones(c.DInner));
        }
        out_proj = Linear(c.DInner, c.DModel, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Use the step-by-step scan instead of the chunked one (for tests).</summary>
    public bool UseReferenceScan { get; set; }

    /// <param name="input">[batch, L, d_model]</param>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        long L = input.shape[1];
        var xz = in_proj.forward(input);                                            // [b, L, 2·d_inner]
        var x = xz.narrow(-1, 0, _c.DInner);
        var z = xz.narrow(-1, _c.DInner, _c.DInner);
        x = functional.silu(conv1d.forward(x.transpose(1, 2)).narrow(-1, 0, L).transpose(1, 2)); // causal: first L outputs
        var dbc = x_proj.forward(x);
        var dt = functional.softplus(dt_proj.forward(dbc.narrow(-1, 0, _c.DtRank)));
        var B = dbc.narrow(-1, _c.DtRank, _c.DState);
        var C = dbc.narrow(-1, _c.DtRank + _c.DState, _c.DState);
        var A = -A_log.exp();
        var y = UseReferenceScan ? SelectiveScan.Reference(x, dt, A, B, C, D) : SelectiveScan.Chunked(x, dt, A, B, C, D);
        return out_proj.forward(y * functional.silu(z)).MoveToOuterDisposeScope();
    }
}
