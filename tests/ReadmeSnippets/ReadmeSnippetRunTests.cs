using ReadmeSnippets.Snippets;
using ReadmeSnippets.Support;
using TorchSharp;
using TorchSharp.PyBridge;
using WeightInit;
using WeightInit.Policy;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

// The quick start seeds the global generator and the tests capture Console: nothing here runs in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ReadmeSnippets;

/// <summary>The README's snippets that are cheap, run on small models, with checks of what they claim.</summary>
public class ReadmeSnippetRunTests
{
    static string CaptureConsole(Action run)
    {
        var previous = Console.Out;
        using var text = new StringWriter();
        Console.SetOut(text);
        try { run(); }
        finally { Console.SetOut(previous); }
        return text.ToString();
    }

    static double Std(Tensor t) => t.std().item<float>();

    [Fact]
    public void QuickStart()
    {
        using var scope = torch.NewDisposeScope();
        InitReport? report = null;
        var output = CaptureConsole(() => report = Snippets.QuickStart.Run());

        var lines = output.Split('\n');
        Assert.Equal("kaiming_normal_(mode='fan_out', nonlinearity='relu')", lines[0].TrimEnd());
        Assert.Contains("q_proj.weight", output);
        // Transformer: trunc_normal_(std=0.02) on the embedding and head; XavierAttention: U(±sqrt(6/64)) on q_proj.
        Assert.Equal("xavier_uniform_()", report!["q_proj.weight"].Action);
        Assert.InRange(report["head.weight"].Std!.Value, 0.016, 0.024);
        Assert.InRange(report["embed.weight"].Std!.Value, 0.016, 0.024);
        Assert.InRange(report["q_proj.weight"].Std!.Value, 0.15, 0.2); // sqrt(6/64)/sqrt(3) = 0.177
        Assert.Empty(report.NotCovered);
    }

    [Fact]
    public void PortingPitfall()
    {
        using var scope = torch.NewDisposeScope();
        using var W_query = nn.Linear(64, 64);
        using (torch.no_grad()) W_query.weight!.zero_();
        Snippets.PortingPitfall.Run(W_query);
        var bound = Math.Sqrt(6.0 / 128);
        Assert.True(W_query.weight.abs().max().item<float>() <= bound);
        Assert.InRange(Std(W_query.weight), 0.9 * bound / Math.Sqrt(3), 1.1 * bound / Math.Sqrt(3));
    }

    [Fact]
    public void SchemesAsValues() => SchemesAsValuesRuns();

    static void SchemesAsValuesRuns()
    {
        Snippets.SchemesAsValues.Run(); // every text the README shows parses
        Assert.Equal(InitScheme.Parse("trunc_normal_(std=0.02)"), InitScheme.Parse("trunc_normal(std=0.02)"));
        Assert.Equal(InitScheme.Parse("kaiming_uniform_(a=math.sqrt(5))"), InitScheme.Parse("kaiming_uniform_(math.sqrt(5), 'fan_in')"));
    }

    static nn.Module PolicyModel()
    {
        var frozen = nn.Linear(4, 4);
        foreach (var p in frozen.parameters()) p.requires_grad = false;
        return nn.Sequential(("encoder", nn.Linear(8, 8)), ("gate", new MyGate(8)), ("frozen", frozen), ("head", nn.Linear(8, 4)));
    }

    [Fact]
    public void PolicyExample()
    {
        using var scope = torch.NewDisposeScope();
        using var model = PolicyModel();
        var encoderBefore = model.named_parameters().Single(p => p.name == "encoder.weight").parameter.clone();
        InitReport plan = default!, report = default!;
        CaptureConsole(() => (plan, report) = Snippets.PolicyExample.Run(model));

        Assert.Equal(InitOutcome.Planned, plan["head.weight"].Outcome);
        Assert.Equal(InitOutcome.Initialized, report["gate.gate_bias"].Outcome);
        Assert.Equal(InitOutcome.Kept, report["encoder.weight"].Outcome);
        Assert.Equal(InitOutcome.Kept, report["frozen.weight"].Outcome);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.True(parameters["gate.gate_bias"].eq(0).all().item<bool>());
        Assert.True(parameters["encoder.weight"].eq(encoderBefore).all().item<bool>());
    }

    [Fact]
    public void TrainingScript()
    {
        InitReport report = default!;
        CaptureConsole(() => report = Snippets.TrainingScript.Run());
        Assert.Equal(InitOutcome.Kept, report["embeddings.weight"].Outcome);
        Assert.Contains("xavier_uniform_", report["blocks.5.q_proj.weight"].Action);
        Assert.Empty(report.NotCovered);
    }

    [Fact]
    public void SignalProbeExample()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var model = nn.Sequential(
            ("blocks", nn.Sequential(("0", nn.Linear(16, 32)), ("1", nn.ReLU()), ("2", nn.Linear(32, 32)), ("3", nn.ReLU()))),
            ("head", nn.Linear(32, 4)));
        var batch = torch.randn(64, 16);
        var labels = torch.randint(0, 4, 64, dtype: ScalarType.Int64);
        var dir = Directory.CreateTempSubdirectory("readme-snippets-");
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = dir.FullName;
            (WeightInit.Diagnostics.SignalReport Report, IReadOnlyList<WeightInit.Diagnostics.LsuvLayer> Layers) result = default;
            CaptureConsole(() => result = Snippets.SignalProbeExample.Run(model, batch, labels, InitPolicy.TorchDefaults()));
            Assert.True(new FileInfo(Path.Combine(dir.FullName, "std_per_depth.png")).Length > 0);
            Assert.NotEmpty(result.Layers!);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void CounterEngineExample()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.empty(8, 4);
        using var model = nn.Sequential(("fc", nn.Linear(4, 4)));
        var scheme = InitScheme.Parse("xavier_uniform_");
        var myRows = torch.empty(2, 6);
        Snippets.CounterEngineExample.Run(weight, model, InitPolicy.TorchDefaults(), scheme, myRows, new long[] { 10, 6 }, 4);

        // Rows 4..5 of the full 10x6 tensor drawn from the same stream.
        var full = torch.empty(10, 6);
        scheme.Apply(full, WeightInit.Engine.InitEngine.Counter(42), "lm_head.weight");
        Assert.True(myRows.eq(full[4..6]).all().item<bool>());
        // The last write to weight: kaiming_normal_(mode='fan_out') from the "encoder.0.weight" stream.
        var again = torch.empty(8, 4);
        again.kaiming_normal_(WeightInit.Engine.InitEngine.Counter(42).Stream("encoder.0.weight"), mode: "fan_out");
        Assert.True(weight.eq(again).all().item<bool>());
    }

    static nn.Module SmallCnn() => nn.Sequential(
        ("conv", nn.Conv2d(3, 8, 3)), ("bn", nn.BatchNorm2d(8)), ("relu", nn.ReLU()),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(8 * 6 * 6, 10)));

    [Fact]
    public void RealModelsHeadOfACnn()
    {
        using var scope = torch.NewDisposeScope();
        using var model = SmallCnn();
        var report = Snippets.RealModels.HeadOfACnn(model);   // Strict: throws if the head were left uncovered
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.True(p["fc.bias"].eq(0).all().item<bool>());
        Assert.InRange(Std(p["fc.weight"]), 0.008, 0.012);
        Assert.Equal("normal_(std=0.01)", report["fc.weight"].Action);
    }

    [Fact]
    public void RealModelsTorchvisionTwoPasses()
    {
        using var scope = torch.NewDisposeScope();
        using var model = SmallCnn();
        torch.manual_seed(5);
        Snippets.RealModels.TorchvisionTwoPasses(model);
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        // Cnn: kaiming_normal_(mode='fan_out', nonlinearity='relu') on the conv, std sqrt(2 / (8*3*3)); fc keeps
        // Linear's default U(±1/sqrt(288)).
        Assert.InRange(Std(p["conv.weight"]), 0.8 * Math.Sqrt(2.0 / 72), 1.2 * Math.Sqrt(2.0 / 72));
        Assert.True(p["fc.weight"].abs().max().item<float>() <= 1 / Math.Sqrt(288));
        Assert.True(p["bn.weight"].eq(1).all().item<bool>());
    }

    [Fact]
    public void DeferredBuildMaterializesEveryParameterOnce()
    {
        InitReport? report = null;
        var output = CaptureConsole(() => report = DeferredInitExample.Build());
        Assert.Contains("embeddings.weight", output, StringComparison.Ordinal);
        Assert.All(report!.Entries, e => Assert.Equal(InitOutcome.Initialized, e.Outcome));
        Assert.Equal(DeviceType.CPU, get_default_device().type);           // Build restored the default device
    }

    [Fact]
    public void ShardHoldsItsRowsOfTheEmbedding() =>
        Assert.Equal(new long[] { 16, 16 }, DeferredInitExample.Shard());

    [Fact]
    public void TrainingScriptLoadsWhatTheCheckpointProvidesAndInitializesTheRest()
    {
        string path = Path.Combine(Path.GetTempPath(), $"readme-checkpoint-{Guid.NewGuid():N}.pt");
        try
        {
            Tensor embeddings;
            using (var pretrained = new MyTransformer(nLayer: 6))
            {
                // A checkpoint of the embeddings alone.
                pretrained.save_py(path, pretrained.state_dict().Keys.Where(k => k != "embeddings.weight").ToList());
                embeddings = pretrained.embeddings.weight!.detach().clone();
            }
            var report = DeferredInitExample.TrainingScript(path);
            Assert.Equal(InitOutcome.Kept, report["embeddings.weight"].Outcome);
            Assert.All(report.Entries.Where(e => e.Name != "embeddings.weight"), e => Assert.Equal(InitOutcome.Initialized, e.Outcome));
            Assert.True(DeferredInitExample.Loaded["embeddings.weight"].eq(embeddings).all().item<bool>(), "the embedding has the checkpoint's values");
        }
        finally { File.Delete(path); }
    }
}
