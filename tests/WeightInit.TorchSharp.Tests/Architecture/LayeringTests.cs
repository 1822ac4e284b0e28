using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using Xunit;

namespace WeightInit.Tests.Architecture;

/// <summary>Dependencies point one way, up the <see cref="Layers"/>: sampling knows no engine, the engine no
/// schemes, schemes no policies, and nothing but the diagnostics knows the diagnostics. Read from the compiled library, signatures and method bodies
/// (every type, field and method an instruction names), so a reference by any spelling counts.</summary>
public class LayeringTests
{
    static readonly Assembly Library = typeof(WeightInit.Schemes.InitScheme).Assembly;

    /// <summary>The layers, lowest first: each may use the ones before it, never one after it. Sampling (random
    /// sources and tensor checks) under the counter engine, under the schemes (with fans and gains), under the
    /// policies, under deferred construction, under the diagnostics.</summary>
    static readonly string[] Layers =
    {
        "WeightInit.Sampling", "WeightInit.Engine", "WeightInit.Schemes", "WeightInit.Policy", "WeightInit.Deferred",
        "WeightInit.Diagnostics",
    };

    /// <summary>(from namespace, forbidden namespace): a type in the first may not use a type in the second.</summary>
    public static TheoryData<string, string> Forbidden()
    {
        var data = new TheoryData<string, string>();
        for (int low = 0; low < Layers.Length; low++)
            for (int high = low + 1; high < Layers.Length; high++)
                data.Add(Layers[low], Layers[high]);
        return data;
    }

    [Fact]
    public void EveryLibraryNamespaceIsALayer()
    {
        var stray = Library.GetTypes().Select(t => Outermost(t).Namespace ?? "")
            .Where(ns => ns.StartsWith("WeightInit", StringComparison.Ordinal) && ns != "WeightInit")
            .Where(ns => !Layers.Any(layer => ns == layer || ns.StartsWith(layer + ".", StringComparison.Ordinal)))
            .Distinct().ToList();
        Assert.True(stray.Count == 0, "namespaces outside the layers: " + string.Join(", ", stray));
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void NoForbiddenReference(string from, string to)
    {
        var offences = References()
            .Where(r => InNamespace(r.From, from) && InNamespace(r.To, to))
            .Select(r => $"{r.From.FullName} -> {r.To.FullName}")
            .Distinct().OrderBy(x => x).ToList();
        Assert.True(offences.Count == 0, $"{from} must not use {to}:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void TheScanSeesReferencesInSignaturesAndBodies()
    {
        // Policy uses Schemes (SchemeAction's signature) and Engine (ApplyInit's body calls engine.Stream).
        var refs = References().ToList();
        Assert.Contains(refs, r => r.From.FullName == "WeightInit.Policy.Actions.SchemeAction" && r.To.FullName == "WeightInit.Schemes.InitScheme");
        Assert.Contains(refs, r => r.From.FullName == "WeightInit.Policy.ModuleInitExtensions" && r.To.FullName == "WeightInit.Engine.InitEngine");
        Assert.Contains(refs, r => InNamespace(r.From, "WeightInit.Diagnostics") && InNamespace(r.To, "WeightInit.Policy"));
    }

    static bool InNamespace(Type t, string ns) => t.Namespace == ns || (t.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) ?? false);

    /// <summary>Every (user type, used library type) pair; compiler-generated nested types count as their outer type.</summary>
    static IEnumerable<(Type From, Type To)> References()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in Library.GetTypes())
        {
            var owner = Outermost(type);
            var used = new HashSet<Type>();
            void Add(Type? t)
            {
                if (t == null) return;
                if (t.HasElementType) { Add(t.GetElementType()); return; }
                if (t.IsGenericType && !t.IsGenericTypeDefinition) foreach (var a in t.GetGenericArguments()) Add(a);
                if (t.IsGenericParameter) return;
                if (t.Assembly == Library) used.Add(Outermost(t.IsGenericType ? t.GetGenericTypeDefinition() : t));
            }
            Add(type.BaseType);
            foreach (var i in type.GetInterfaces()) Add(i);
            foreach (var f in type.GetFields(all)) Add(f.FieldType);
            foreach (var p in type.GetProperties(all)) Add(p.PropertyType);
            foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (m is MethodInfo mi) Add(mi.ReturnType);
                foreach (var p in m.GetParameters()) Add(p.ParameterType);
                foreach (var t in BodyReferences(m)) Add(t);
            }
            foreach (var t in used) if (t != owner) yield return (owner, t);
        }
    }

    static Type Outermost(Type t)
    {
        while (t.DeclaringType != null) t = t.DeclaringType;
        return t;
    }

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types an IL body names: the declaring types of called methods and used fields, and type tokens.</summary>
    static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il == null) yield break;
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            int size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try { member = module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                catch (ArgumentException) { } // a token into a generic context this scan does not model
                if (member is Type t) yield return t;
                else if (member?.DeclaringType is Type declaring) yield return declaring;
                if (member is MethodInfo called) { yield return called.ReturnType; foreach (var p in called.GetParameters()) yield return p.ParameterType; }
                if (member is FieldInfo field) yield return field.FieldType;
            }
            i += size;
        }
    }
}
