using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using TorchSharp.PyBridge;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Deferred.DeferredModels;

namespace WeightInit.Tests.Deferred;

/// <summary>A partial PyTorch-format checkpoint (TorchSharp.PyBridge save_py) loaded into a deferred model
/// (Materialize with its keys provided, then load_py) and into an eager one (load_py, then ApplyInit with
/// KeepNames of what load_py reported): both give the same model, the checkpoint's values where it had them.</summary>
[Collection(DeferredDefaultDeviceCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    readonly string path = Path.Combine(Path.GetTempPath(), $"weightinit-deferred-{Guid.NewGuid():N}.pt");

    public void Dispose() { if (File.Exists(path)) File.Delete(path); }

    static readonly InitPolicy Policy = InitPolicy.Transformer(std: 0.02, nLayer: 2);

    [Fact]
    public void DeferredAndEagerLoadsOfAPartialCheckpointAgree()
    {
        Dictionary<string, byte[]> pretrained;
        string[] saved;
        using (var source = new DeferredGpt())
        {
            source.ApplyInit(Policy, InitEngine.Counter(1));
            var skip = source.state_dict().Keys.Where(k => k.StartsWith("h.1.", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(skip);
            source.save_py(path, skip);
            pretrained = Bytes(source);
            saved = source.state_dict().Keys.Except(skip).ToArray();
        }

        using var deferred = DeferredInit.Build(() => new DeferredGpt());
        var report = deferred.Materialize(Policy, InitEngine.Counter(2), options: new MaterializeOptions { Provided = saved });
        Assert.Equal(InitOutcome.Kept, report["h.0.c_attn.weight"].Outcome);
        Assert.Equal(InitOutcome.Initialized, report["h.1.c_attn.weight"].Outcome);
        var loadedDeferred = new Dictionary<string, bool>();
        deferred.load_py(path, strict: false, loadedParameters: loadedDeferred);
        Assert.Equal(saved.OrderBy(k => k, StringComparer.Ordinal), loadedDeferred.Where(x => x.Value).Select(x => x.Key).OrderBy(k => k, StringComparer.Ordinal));

        using var eager = new DeferredGpt();
        var loadedEager = new Dictionary<string, bool>();
        eager.load_py(path, strict: false, loadedParameters: loadedEager);
        // The keep rule goes through JSON, as a stored policy would.
        var keep = InitPolicy.FromJson(Policy.KeepNames(loadedEager.Where(x => x.Value).Select(x => x.Key)).ToJson());
        eager.ApplyInit(keep, InitEngine.Counter(2));

        var d = Bytes(deferred);
        AssertSameBytes(Bytes(eager), d);
        foreach (var key in saved) Assert.True(pretrained[key].AsSpan().SequenceEqual(d[key]), $"{key} is not the checkpoint's");
        Assert.False(pretrained["h.1.c_attn.weight"].AsSpan().SequenceEqual(d["h.1.c_attn.weight"]), "h.1 was not re-initialized");
    }
}

public class KeepNamesTests
{
    [Fact]
    public void KeepNamesKeepsExactlyThoseNamesAndRoundTripsThroughJson()
    {
        using var m = nn.Sequential(("a", nn.Linear(2, 2)), ("b", nn.Linear(2, 2)));
        var policy = InitPolicy.Transformer().KeepNames(new[] { "a.weight", "b.bias", "a.weight", "weird {name}*" });
        string json = policy.ToJson();
        Assert.Contains("\"names\"", json);
        var back = InitPolicy.FromJson(json);
        Assert.Equal(json, back.ToJson());
        var plan = back.Plan(m);
        Assert.Equal(new[] { InitOutcome.Kept, InitOutcome.Planned, InitOutcome.Planned, InitOutcome.Kept },
            plan.Entries.Select(e => e.Outcome));
        Assert.Contains("name in 3 exact names", plan["a.weight"].Rule);
    }

    [Theory]
    [InlineData("3", "must be an array of strings, but it is a number (3)")]
    [InlineData("[\"a\", 1]", "must hold strings only, but one is a number (1)")]
    [InlineData("[\"\"]", "holds an empty name")]
    public void BadNamesFieldsAreNamed(string names, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => InitPolicy.FromJson($"{{\"rules\": [{{\"names\": {names}, \"init\": \"keep\"}}]}}"));
        Assert.Contains("rule #1, field \"names\": " + problem, e.Message);
    }

    [Fact]
    public void NullOrEmptyNamesAreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.KeepNames(null!));
        Assert.Throws<ArgumentNullException>(() => InitPolicy.Empty.KeepNames(new string[] { null! }));
        Assert.Throws<ArgumentException>(() => InitPolicy.Empty.KeepNames(new[] { "" }));
        // An ordinary predicate rule is still refused by ToJson.
        Assert.Throws<NotSupportedException>(() => InitPolicy.Empty.Where(_ => true, "always", InitAction.Keep).ToJson());
    }
}
