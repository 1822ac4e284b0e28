using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeightInit.Policy.Actions;

namespace WeightInit.Policy;

// JSON form of a policy: options, then rules with their selectors as globs and their actions in text form.
//   { "strict": false, "keepFrozen": false, "overwriteMarked": false, "markInitialized": false,
//     "rules": [ { "layer": "Linear", "param": "weight", "init": "xavier_uniform_()", "label": "...", "mark": false,
//                 "optional": false } ] }
public sealed partial class InitPolicy
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The policy as JSON. Rules with a predicate cannot be stored: NotSupportedException names them.</summary>
    public string ToJson()
    {
        var rules = new JsonArray();
        foreach (var (rule, i) in Rules.Select((r, i) => (r, i)))
        {
            if (rule.Selector.Predicate != null)
                throw new NotSupportedException($"Rule #{i + 1} ({rule}) selects by a predicate, which JSON cannot hold; use a layer, name or param glob");
            var o = new JsonObject();
            if (rule.Selector.Layer != null) o["layer"] = rule.Selector.Layer;
            if (rule.Selector.Name != null) o["name"] = rule.Selector.Name.Pattern;
            if (rule.Selector.Param != null) o["param"] = rule.Selector.Param.Pattern;
            o["init"] = rule.Action.ToString();
            if (rule.Label != null) o["label"] = rule.Label;
            if (rule.Mark) o["mark"] = true;
            if (rule.Optional) o["optional"] = true;
            rules.Add(o);
        }
        var root = new JsonObject
        {
            ["strict"] = IsStrict, ["keepFrozen"] = KeepsFrozen, ["overwriteMarked"] = OverwritesMarked,
            ["markInitialized"] = MarksInitialized, ["rules"] = rules,
        };
        return root.ToJsonString(Indented);
    }

    /// <summary>Reads <see cref="ToJson"/>'s form; an ArgumentException names the rule and field that are wrong.</summary>
    public static InitPolicy FromJson(string json)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException e) { throw new ArgumentException($"Init policy JSON is not valid JSON: {e.Message}", nameof(json), e); }
        if (root is not JsonObject obj) throw new ArgumentException("Init policy JSON must be an object with a \"rules\" array", nameof(json));
        var known = new HashSet<string> { "strict", "keepFrozen", "overwriteMarked", "markInitialized", "rules" };
        foreach (var (key, _) in obj)
            if (!known.Contains(key)) throw new ArgumentException($"Init policy JSON has an unknown field \"{key}\"; valid: {string.Join(", ", known)}", nameof(json));

        var rules = ImmutableArray.CreateBuilder<InitRule>();
        var array = obj["rules"] as JsonArray ?? throw new ArgumentException("Init policy JSON needs a \"rules\" array", nameof(json));
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject r) throw new ArgumentException($"rule #{i + 1} is not an object", nameof(json));
            try { rules.Add(ReadRule(r)); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                throw new ArgumentException($"rule #{i + 1} {r.ToJsonString()}: {e.Message}", nameof(json), e);
            }
        }
        return new InitPolicy(rules.ToImmutable(), Flag(obj, "strict"), Flag(obj, "keepFrozen"), Flag(obj, "overwriteMarked"), Flag(obj, "markInitialized"));
    }

    static InitRule ReadRule(JsonObject r)
    {
        var known = new HashSet<string> { "layer", "name", "param", "init", "label", "mark", "optional" };
        foreach (var (key, _) in r)
            if (!known.Contains(key)) throw new ArgumentException($"unknown field \"{key}\"; valid: {string.Join(", ", known)}");
        string? Text(string key) => r[key]?.GetValue<string>();
        var selector = new RuleSelector
        {
            Layer = Text("layer"),
            Name = Text("name") is string n ? new NameGlob(n) : null,
            Param = Text("param") is string p ? new NameGlob(p) : null,
        };
        var action = InitAction.Parse(Text("init") ?? throw new ArgumentException("missing \"init\""));
        return new InitRule(selector, action, Text("label"), Flag(r, "mark"), Flag(r, "optional"));
    }

    static bool Flag(JsonObject o, string key) => o[key]?.GetValue<bool>() ?? false;
}
