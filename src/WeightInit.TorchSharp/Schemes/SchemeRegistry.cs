using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace WeightInit.Schemes;

/// <summary>
/// The scheme names <see cref="InitScheme.Parse(string, SchemeRegistry)"/> knows: the built-in ones
/// (<see cref="BuiltIn"/>) plus user schemes added with <see cref="With"/>. Immutable: <see cref="With"/> returns a
/// new registry, so a registry can be shared between threads and no registration elsewhere in the process changes
/// what a text means. A policy's registry (schemes and actions) is <c>WeightInit.Policy.InitRegistry</c>.
/// </summary>
public sealed class SchemeRegistry
{
    readonly ImmutableList<SchemeDescriptor> _custom;

    SchemeRegistry(ImmutableList<SchemeDescriptor> custom) => _custom = custom;

    /// <summary>The built-in schemes alone (what <see cref="InitScheme.Parse(string)"/> uses).</summary>
    public static SchemeRegistry BuiltIn { get; } = new(ImmutableList<SchemeDescriptor>.Empty);

    /// <summary>Every scheme this registry knows: the built-in ones, then the user ones in registration order.</summary>
    public IReadOnlyList<SchemeDescriptor> Descriptors => SchemeCatalog.Entries.Concat(_custom).ToList();

    /// <summary>A registry that also knows the user scheme <paramref name="name"/>.</summary>
    /// <param name="name">The scheme's name: a Python identifier ending with '_' (torch.nn.init's in-place
    /// convention), e.g. <c>"scaled_identity_"</c>; the text form may omit the underscore, as for built-in schemes.</param>
    /// <param name="parameters">Its parameters in positional order; the text form binds arguments to them by
    /// Python's rules and converts each to its kind (a double, a long or a string) before the factory sees it.</param>
    /// <param name="factory">Builds the scheme from the bound arguments (one per parameter, defaults filled in). It
    /// must return a <see cref="CustomScheme"/> whose <see cref="InitScheme.Name"/> is <paramref name="name"/> and
    /// whose <see cref="CustomScheme.Parameters"/> equal <paramref name="parameters"/>; an
    /// <see cref="ArgumentException"/> it throws (a bad argument value) becomes the parse error.</param>
    /// <exception cref="ArgumentException">The name is not a valid scheme name, is a built-in scheme's or is already
    /// registered; or a parameter is invalid (a bad or repeated name, a default of the wrong kind).</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SchemeRegistry With(string name, IReadOnlyList<SchemeParameter> parameters, Func<IReadOnlyList<object>, CustomScheme> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        RegistryNames.CheckName(name, "scheme", nameof(name));
        if (!name.EndsWith('_'))
            throw new ArgumentException($"A scheme name ends with '_', as torch.nn.init's in-place functions do: use '{name}_'", nameof(name));
        if (SchemeCatalog.Find(name) != null) throw new ArgumentException($"'{name}' is a built-in scheme and cannot be registered again", nameof(name));
        if (Find(name) != null) throw new ArgumentException($"A scheme named '{name}' is already registered", nameof(name));
        var ps = RegistryNames.CheckParameters(name, parameters, nameof(parameters));
        var descriptor = new SchemeDescriptor(name, ps, args => Create(name, ps, factory, args)) { IsCustom = true };
        return new SchemeRegistry(_custom.Add(descriptor));
    }

    static CustomScheme Create(string name, IReadOnlyList<SchemeParameter> ps, Func<IReadOnlyList<object>, CustomScheme> factory, object[] args)
    {
        var scheme = factory(args) ?? throw new FormatException($"the factory registered for '{name}' returned null");
        if (scheme.Name != name) throw new FormatException($"the factory registered for '{name}' made a scheme named '{scheme.Name}'");
        if (!RegistryNames.SameParameters(scheme.Parameters, ps))
            throw new FormatException($"the factory registered for '{name}' made a scheme whose Parameters differ from the registered ones");
        return scheme;
    }

    /// <summary>The scheme called <paramref name="name"/> (with its underscore), built-in or user; null when unknown.</summary>
    internal SchemeDescriptor? Find(string name) => SchemeCatalog.Find(name) ?? _custom.Find(d => d.Name == name);

    /// <summary>Every name, for "unknown scheme" messages.</summary>
    internal string Names => string.Join(", ", SchemeCatalog.Entries.Concat(_custom).Select(e => e.Name));
}

/// <summary>The checks registration applies to names and parameters (schemes and actions alike).</summary>
internal static class RegistryNames
{
    internal const int MaxNameLength = 64;

    /// <summary>A Python identifier of at most <see cref="MaxNameLength"/> ASCII characters.</summary>
    internal static void CheckName(string name, string what, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        bool ok = name.Length is > 0 and <= MaxNameLength && (char.IsAsciiLetter(name[0]) || name[0] == '_') &&
                  name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!ok)
            throw new ArgumentException($"A {what} name must be a Python identifier of at most {MaxNameLength} ASCII letters, digits and " +
                $"underscores, but found '{CallReader.Excerpt(name, 60)}'", paramName);
    }

    internal static SchemeParameter[] CheckParameters(string callee, IReadOnlyList<SchemeParameter> parameters, string paramName)
    {
        ArgumentNullException.ThrowIfNull(parameters, paramName);
        var ps = parameters.ToArray();
        if (ps.Length > CallReader.MaxArguments)
            throw new ArgumentException($"{callee} has {ps.Length} parameters; a call has at most {CallReader.MaxArguments}", paramName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool optional = false;
        foreach (var p in ps)
        {
            if (p is null) throw new ArgumentException($"{callee} has a null parameter", paramName);
            CheckName(p.Name, "parameter", paramName);
            if (!seen.Add(p.Name)) throw new ArgumentException($"{callee} has the parameter '{p.Name}' twice", paramName);
            if (p.Kind is not (ParameterKind.Number or ParameterKind.Integer or ParameterKind.Word))
                throw new ArgumentException($"{callee} parameter '{p.Name}' has an unknown kind {(int)p.Kind}", paramName);
            if (p.Required && optional)
                throw new ArgumentException($"{callee} parameter '{p.Name}' has no default but follows one that has (Python's non-default argument follows default argument)", paramName);
            optional |= !p.Required;
            bool fits = p.Default switch
            {
                null => true,
                double d => p.Kind == ParameterKind.Number && double.IsFinite(d),
                long l => p.Kind == ParameterKind.Integer && l is >= int.MinValue and <= int.MaxValue,
                string => p.Kind == ParameterKind.Word,
                _ => false,
            };
            if (!fits)
                throw new ArgumentException($"{callee} parameter '{p.Name}' of kind {p.Kind} has the default {p.Default} ({p.Default!.GetType().Name}); " +
                    "a Number takes a finite double, an Integer a long within 32 bits, a Word a string", paramName);
        }
        return ps;
    }

    internal static bool SameParameters(IReadOnlyList<SchemeParameter>? a, IReadOnlyList<SchemeParameter> b) =>
        a != null && a.Count == b.Count && a.Zip(b).All(x => Equals(x.First, x.Second));
}
