using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
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
    /// <exception cref="NotSupportedException">A rule selects by a predicate.</exception>
    public string ToJson()
    {
        var rules = new JsonArray();
        foreach (var (rule, i) in Rules.Select((r, i) => (r, i)))
        {
            var exact = ExactNames.Of(rule.Selector);
            if (rule.Selector.Predicate != null && exact == null)
                throw new NotSupportedException($"Rule #{i + 1} ({rule}) selects by a predicate, which JSON cannot hold; use a layer, name or param glob");
            var o = new JsonObject();
            if (rule.Selector.Layer != null) o["layer"] = rule.Selector.Layer;
            if (rule.Selector.Name != null) o["name"] = rule.Selector.Name.Pattern;
            if (rule.Selector.Param != null) o["param"] = rule.Selector.Param.Pattern;
            if (exact != null) o["names"] = new JsonArray(exact.Names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
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

    static readonly string[] OptionFields = { "strict", "keepFrozen", "overwriteMarked", "markInitialized", "rules" };
    static readonly string[] RuleFields = { "layer", "name", "param", "init", "label", "mark", "optional", "names" };

    /// <summary>Reads <see cref="ToJson"/>'s form. Every problem is an ArgumentException that names the field (and the
    /// rule's number): invalid JSON, nesting deeper than 64, unknown or repeated fields, a value of the wrong JSON
    /// type, a bad glob or action text. JSON null counts as an absent field.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="ArgumentException">Invalid JSON or an invalid field; the message names the rule and field.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static InitPolicy FromJson(string json) => FromJson(json, InitRegistry.BuiltIn);

    /// <summary>As <see cref="FromJson(string)"/>, reading actions with <paramref name="registry"/>'s user schemes and
    /// actions.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="registry">The names to know.</param>
    /// <exception cref="ArgumentException">As <see cref="FromJson(string)"/>.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static InitPolicy FromJson(string json, InitRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(registry);
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (Exception e) when (e is JsonException or ArgumentException) // ArgumentException: a lone surrogate in the text
        {
            throw new ArgumentException($"Init policy JSON is not valid JSON: {e.Message}", nameof(json), e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ArgumentException($"Init policy JSON must be an object with a \"rules\" array, but it is {Kind(root)}", nameof(json));
            var fields = Fields(root, OptionFields, where: "Init policy JSON");
            if (!fields.TryGetValue("rules", out var array) || array.ValueKind != JsonValueKind.Array)
                throw new ArgumentException($"Init policy JSON needs a \"rules\" array{(fields.ContainsKey("rules") ? $", but \"rules\" is {Kind(array)}" : "")}", nameof(json));

            var rules = ImmutableArray.CreateBuilder<InitRule>(array.GetArrayLength());
            int i = 0;
            foreach (var r in array.EnumerateArray())
            {
                string where = $"Init policy JSON rule #{++i}";
                if (r.ValueKind != JsonValueKind.Object) throw new ArgumentException($"{where} is not an object but {Kind(r)}", nameof(json));
                rules.Add(ReadRule(r, where, registry));
            }
            return new InitPolicy(rules.MoveToImmutable(), Flag(fields, "strict", "Init policy JSON"), Flag(fields, "keepFrozen", "Init policy JSON"),
                Flag(fields, "overwriteMarked", "Init policy JSON"), Flag(fields, "markInitialized", "Init policy JSON"));
        }
    }

    [SuppressMessage("Usage", "CA2208", Justification = "Thrown for the json of InitPolicy.FromJson(json), which reads through it.")]
    static InitRule ReadRule(JsonElement r, string where, InitRegistry registry)
    {
        var fields = Fields(r, RuleFields, where);
        string? Text(string key) => Str(fields, key, where);
        NameGlob? Glob(string key)
        {
            if (Text(key) is not string pattern) return null;
            try { return new NameGlob(pattern); }
            catch (ArgumentException e) { throw Field(where, key, e.Message, e); }
        }
        var selector = new RuleSelector { Layer = Text("layer"), Name = Glob("name"), Param = Glob("param") };
        if (fields.TryGetValue("names", out var names)) selector = ExactNamesField(names, selector, where);
        string init = Text("init") ?? throw new ArgumentException($"{where} is missing its \"init\" field (the action, e.g. \"xavier_uniform_()\")", "json");
        if (!ActionText.TryParse(init, registry, out var action, out var error)) throw Field(where, "init", error!, null);
        return new InitRule(selector, action!, Text("label"), Flag(fields, "mark", where), Flag(fields, "optional", where));
    }

    // "names": an array of exact qualified names (KeepNames), combined with the rule's other selector fields.
    static RuleSelector ExactNamesField(JsonElement names, RuleSelector selector, string where)
    {
        if (names.ValueKind != JsonValueKind.Array) throw Field(where, "names", $"must be an array of strings, but it is {Kind(names)}", null);
        var list = new List<string>();
        foreach (var n in names.EnumerateArray())
        {
            if (n.ValueKind != JsonValueKind.String) throw Field(where, "names", $"must hold strings only, but one is {Kind(n)}", null);
            string? s;
            try { s = n.GetString(); }
            catch (InvalidOperationException e) { throw Field(where, "names", $"holds a string that is not readable: {e.Message}", e); }
            if (string.IsNullOrEmpty(s)) throw Field(where, "names", "holds an empty name", null);
            list.Add(s);
        }
        var exact = ExactNames.Selector(list);
        return selector with { Predicate = exact.Predicate, PredicateDescription = exact.PredicateDescription };
    }

    // The object's fields by name; unknown and repeated names are errors. Null values count as absent.
    [SuppressMessage("Usage", "CA2208", Justification = "Thrown for the json of InitPolicy.FromJson(json), which reads through it.")]
    static Dictionary<string, JsonElement> Fields(JsonElement o, string[] known, string where)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in o.EnumerateObject())
        {
            string key;
            try { key = property.Name; }
            catch (InvalidOperationException e) { throw new ArgumentException($"{where} has a field name that is not a readable string: {e.Message}", "json", e); }
            if (Array.IndexOf(known, key) < 0)
                throw new ArgumentException($"{where} has an unknown field \"{Schemes.CallReader.Excerpt(key, 60)}\"; valid: {string.Join(", ", known)}", "json");
            if (fields.ContainsKey(key)) throw new ArgumentException($"{where} has the field \"{key}\" twice", "json");
            if (property.Value.ValueKind != JsonValueKind.Null) fields[key] = property.Value;
        }
        return fields;
    }

    static bool Flag(Dictionary<string, JsonElement> fields, string key, string where)
    {
        if (!fields.TryGetValue(key, out var v)) return false;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Field(where, key, $"must be true or false, but it is {Kind(v)}", null),
        };
    }

    static string? Str(Dictionary<string, JsonElement> fields, string key, string where)
    {
        if (!fields.TryGetValue(key, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) throw Field(where, key, $"must be a string, but it is {Kind(v)}", null);
        try { return v.GetString(); }
        catch (InvalidOperationException e) { throw Field(where, key, $"is not a readable string: {e.Message}", e); }
    }

    [SuppressMessage("Usage", "CA2208", Justification = "Thrown for the json of InitPolicy.FromJson(json), which reads through it.")]
    static ArgumentException Field(string where, string key, string problem, Exception? inner) =>
        new($"{where}, field \"{key}\": {problem}", "json", inner);

    // "a number (1)", "an array ([true])": the JSON type and a short excerpt of the value.
    static string Kind(JsonElement v)
    {
        string raw = Schemes.CallReader.Excerpt(v.GetRawText(), 40);
        return v.ValueKind switch
        {
            JsonValueKind.Object => $"an object ({raw})",
            JsonValueKind.Array => $"an array ({raw})",
            JsonValueKind.String => $"a string ({raw})",
            JsonValueKind.Number => $"a number ({raw})",
            JsonValueKind.True or JsonValueKind.False => $"a boolean ({raw})",
            _ => "null",
        };
    }
}
