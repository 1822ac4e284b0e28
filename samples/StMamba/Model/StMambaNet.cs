using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace StMamba.Model;

/// <summary>
/// ST-Mamba in the spirit of Shao et al. (2024, arXiv:2404.13257): each reading is embedded with its time of day,
/// day of week and sensor, ST-Mixer layers mix across sensors (attention) and along time (Mamba), and a head maps
/// every sensor's final sequence to the next <see cref="ModelConfig.Horizon"/> steps.
/// </summary>
public sealed class StMambaNet : Module<Tensor, Tensor, Tensor, Tensor>
{
    readonly Linear input_proj, head;
    readonly Embedding tod_emb, dow_emb, node_emb;
    readonly ModuleList<StBlock> blocks;
    readonly LayerNorm norm_f;
    readonly ModelConfig _c;

    public StMambaNet(ModelConfig c) : base(nameof(StMambaNet))
    {
        _c = c;
        input_proj = Linear(1, c.DModel);
        tod_emb = Embedding(Data.TrafficData.StepsPerDay, c.DModel);
        dow_emb = Embedding(7, c.DModel);
        node_emb = Embedding(c.Sensors, c.DModel);
        blocks = new ModuleList<StBlock>(Enumerable.Range(0, c.Layers).Select(_ => new StBlock(c)).ToArray());
        norm_f = LayerNorm(c.DModel);
        head = Linear(c.InputSteps * c.DModel, c.Horizon);
        RegisterComponents();
    }

    public ModelConfig Config => _c;
    public IReadOnlyList<StBlock> Blocks => blocks.ToList();

    /// <param name="x">[batch, L, N] normalized readings</param>
    /// <param name="tod">[batch, L] time-of-day slots</param>
    /// <param name="dow">[batch, L] days of week</param>
    /// <returns>[batch, horizon, N] normalized forecasts</returns>
    public override Tensor forward(Tensor x, Tensor tod, Tensor dow)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], L = x.shape[1], n = x.shape[2];
        var nodes = node_emb.forward(arange(n, device: x.device));                   // [N, d]
        var h = input_proj.forward(x.unsqueeze(-1))                                  // [b, L, N, d]
                + tod_emb.forward(tod).unsqueeze(2) + dow_emb.forward(dow).unsqueeze(2) + nodes;
        foreach (var block in blocks) h = block.forward(h);
        var features = norm_f.forward(h).permute(0, 2, 1, 3).reshape(b, n, L * _c.DModel);
        return head.forward(features).permute(0, 2, 1).MoveToOuterDisposeScope();   // [b, H, N]
    }
}
