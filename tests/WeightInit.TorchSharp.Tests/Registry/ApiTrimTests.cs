using System;
using System.Linq;
using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Registry;

/// <summary>One deliberate public API (issue #12): plumbing is internal, each preset has one entry point, names say
/// what they do, and every builder takes its selector before its action.</summary>
public class ApiTrimTests
{
    static readonly Assembly Library = typeof(InitScheme).Assembly;

    [Theory]
    [InlineData("WeightInit.Schemes.SchemeText")]
    [InlineData("WeightInit.Policy.ModuleWalker")]
    [InlineData("WeightInit.Policy.InitPresets")]
    [InlineData("WeightInit.Policy.Actions.UniformBoundAction")]
    [InlineData("WeightInit.Policy.Actions.TorchDefaultBiasAction")]
    [InlineData("WeightInit.Policy.Actions.BilinearDefaultAction")]
    [InlineData("WeightInit.Policy.Actions.RnnDefaultAction")]
    [InlineData("WeightInit.Policy.Actions.MambaDtWeightAction")]
    public void PlumbingIsInternal(string name)
    {
        var type = Library.GetType(name);
        Assert.NotNull(type);
        Assert.False(type!.IsVisible, $"{name} is public");
    }

    [Theory]
    [InlineData(typeof(InitScheme), "Write")]
    [InlineData(typeof(InitScheme), "ValidateShape")]
    [InlineData(typeof(InitScheme), "ValidateValues")]
    public void TemplateHooksArePrivateProtected(Type type, string method)
    {
        var m = type.GetMethod(method, BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.NotNull(m);
        Assert.True(m!.IsFamilyAndAssembly, $"{type.Name}.{method} is not private protected");
    }

    [Fact]
    public void SelectorMatchingIsInternal()
    {
        Assert.Null(typeof(RuleSelector).GetMethod("Matches", BindingFlags.Public | BindingFlags.Instance));
        Assert.Null(typeof(RuleSelector).GetMethod("LayerName", BindingFlags.Public | BindingFlags.Static));
    }

    [Fact]
    public void TheUniformBoundActionsAreReachableThroughFactoriesAndText()
    {
        Assert.Equal(InitAction.Parse("torch_default_bias()"), InitAction.TorchDefaultBias);
        Assert.Equal(InitAction.Parse("bilinear_default()"), InitAction.BilinearDefault);
        Assert.Equal(InitAction.Parse("rnn_default()"), InitAction.RnnDefault);
        Assert.Equal(InitAction.Parse("mamba_dt_weight(dt_scale=2)"), InitAction.MambaDtWeight(2));
        Assert.Equal("mamba_dt_weight(dt_scale=2)", InitAction.MambaDtWeight(2).ToString());
        Assert.Throws<ArgumentException>(() => InitAction.MambaDtWeight(0));
    }

    [Fact]
    public void EachPresetIsOneStaticMethodOnInitPolicy()
    {
        string[] presets = { "TorchDefaults", "XavierAttention", "Transformer", "Cnn", "Rnn", "SelfNormalizing", "Mamba" };
        foreach (var name in presets)
        {
            Assert.Null(typeof(InitPolicy).GetProperty(name, BindingFlags.Public | BindingFlags.Static));
            var methods = typeof(InitPolicy).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == name).ToList();
            Assert.Single(methods);
            Assert.All(methods[0].GetParameters(), p => Assert.True(p.IsOptional, $"{name}({p.Name}) is not optional"));
        }
        Assert.Equal("q,k,v,query,key,value,W_query,W_key,W_value,W_q,W_k,W_v,q_proj,k_proj,v_proj,wq,wk,wv,to_q,to_k,to_v", InitPolicy.QkvNames);
        Assert.Equal("qkv,qkv_proj,Wqkv,c_attn,to_qkv", InitPolicy.FusedQkvNames);
        var tuned = InitPolicy.Transformer(std: 0.01, nLayer: 12);
        Assert.Contains(tuned.Rules, r => r.Label == "residual projections -> trunc_normal_(std=0.01) / sqrt(2·12)");
        UserRegistryTests.AssertSameRules(tuned, InitPolicy.FromJson(tuned.ToJson()));
        Assert.Equal(tuned.ToString(), InitPolicy.FromJson(tuned.ToJson()).ToString());
    }

    [Fact]
    public void EveryWeightPutsTheSchemeOnWeightsAndZerosOnBiases()
    {
        Assert.Null(typeof(InitPolicy).GetMethod("Uniform", BindingFlags.Public | BindingFlags.Static));
        using var m = nn.Sequential(("fc", nn.Linear(3, 3)));
        m.ApplyInit(InitPolicy.EveryWeight(InitScheme.Constant(0.5)));
        var p = m.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.True(p["fc.weight"].eq(0.5).all().item<bool>());
        Assert.True(p["fc.bias"].eq(0).all().item<bool>());
    }

    [Fact]
    public void DescriptorsSayWhatTheyAre()
    {
        Assert.Null(typeof(InitScheme).GetProperty("All"));
        Assert.Null(typeof(SchemeDescriptor).GetProperty("Summary"));
        Assert.Equal(17, InitScheme.Descriptors.Count);
        var k = InitScheme.Descriptors.Single(d => d.Name == "kaiming_normal_");
        Assert.Equal("kaiming_normal_(a=0, mode='fan_in', nonlinearity='leaky_relu')", k.Signature);
        Assert.Equal(k.Signature, k.ToString());
        Assert.Empty(typeof(SchemeDescriptor).GetConstructors()); // made by the library and registries only
    }

    /// <summary>The call that used to bind action = "weight" and param = "xavier_uniform_()" (and throw "unknown
    /// scheme 'weight'") now does what it says.</summary>
    [Fact]
    public void TheNaturalForLayerCallSelectsThenActs()
    {
        var policy = InitPolicy.Empty.ForLayer<Linear>("weight", "xavier_uniform_()");
        var rule = Assert.Single(policy.Rules);
        Assert.Equal("Linear", rule.Selector.Layer);
        Assert.Equal("weight", rule.Selector.Param!.Pattern);
        Assert.Equal("xavier_uniform_()", rule.Action.ToString());
        Assert.Null(rule.Label);

        var labelled = InitPolicy.Empty.ForLayer<Linear>("bias", "zeros_", "biases").ForLayer("Linear", "weight", "ones_")
            .ForLayer<Linear>("*", InitScheme.Ones, "all").ForLayer<Linear>("zeros_");
        Assert.Equal(new[] { "biases", null, "all", null }, labelled.Rules.Select(r => r.Label));
        Assert.Equal(new[] { "bias", "weight", "*", null }, labelled.Rules.Select(r => r.Selector.Param?.Pattern));
        Assert.Equal(new[] { "zeros_()", "ones_()", "ones_()", "zeros_()" }, labelled.Rules.Select(r => r.Action.ToString()));

        using var m = nn.Sequential(("fc", nn.Linear(4, 4)));
        using (no_grad()) foreach (var p in m.parameters()) p.fill_(7);
        m.ApplyInit(policy, new Generator(1));
        var ps = m.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.DoesNotContain(7.0, Values(ps["fc.weight"]));
        Assert.All(Values(ps["fc.bias"]), v => Assert.Equal(7, v));
    }

    /// <summary>The old order (action, then parameter glob) must not compile into a different rule: no builder takes an
    /// action followed by a lone string, so <c>ForLayer&lt;Linear&gt;(action, "weight")</c> is a compile error.</summary>
    [Fact]
    public void NoBuilderTakesAnActionThenALoneString()
    {
        var offenders = typeof(InitPolicy).GetMethods()
            .Where(m => m.Name.StartsWith("For", StringComparison.Ordinal))
            .Select(m => m.GetParameters())
            .Where(ps => ps.Length == 2 && ps[0].ParameterType == typeof(InitAction) && ps[1].ParameterType == typeof(string))
            .ToList();
        Assert.Empty(offenders);
    }

    /// <summary>A null action used to be stored and fail later, at plan time; now every builder refuses it at once.</summary>
    [Fact]
    public void BuildersRefuseANullActionAtOnce()
    {
        InitAction none = null!;
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.ForName("**", none));
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.ForParam("bias", none));
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.ForLayer<Linear>("weight", none));
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.ForLayer<Linear>(none));
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.Add(new RuleSelector(), none));
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.Where(_ => true, "all", none));
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.Then(null!));
        Assert.Equal("frozen", Assert.Single(InitPolicy.Empty.Where(s => !s.Parameter.requires_grad, "frozen", InitAction.Keep, "frozen").Rules).Label);
    }

    static readonly string[] SelectorParameters = { "layer", "param", "glob", "predicate", "description", "selector" };

    [Fact]
    public void EveryBuilderTakesItsSelectorBeforeItsAction()
    {
        var builders = typeof(InitPolicy).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(InitPolicy) && m.GetParameters().Any(p => p.Name == "action")).ToList();
        Assert.True(builders.Count >= 10, $"only {builders.Count} builders found");
        foreach (var m in builders)
        {
            var ps = m.GetParameters();
            int action = Array.FindIndex(ps, p => p.Name == "action");
            Assert.True(ps[action].ParameterType == typeof(InitAction) || ps[action].ParameterType == typeof(string), m.ToString());
            for (int i = 0; i < ps.Length; i++)
            {
                if (SelectorParameters.Contains(ps[i].Name)) Assert.True(i < action, $"{m}: {ps[i].Name} comes after the action");
                else if (i != action) Assert.True(i > action && ps[i].IsOptional, $"{m}: {ps[i].Name} is neither a selector nor an optional trailing argument");
            }
        }
    }
}
