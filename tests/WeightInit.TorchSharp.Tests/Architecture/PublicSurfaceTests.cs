using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;

namespace WeightInit.Tests.Architecture;

/// <summary>The library's public surface: how big it is (printed, for the API trim's before/after), and that no
/// public signature names a type users cannot see.</summary>
public class PublicSurfaceTests
{
    static readonly Assembly Library = typeof(WeightInit.Schemes.InitScheme).Assembly;
    const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    readonly ITestOutputHelper _output;
    public PublicSurfaceTests(ITestOutputHelper output) => _output = output;

    /// <summary>Members a user can reach: public, or protected on a type they can derive from.</summary>
    internal static IEnumerable<MemberInfo> VisibleMembers(Type type) =>
        type.GetMembers(Declared).Where(m => m switch
        {
            MethodBase mb => (mb.IsPublic || ((mb.IsFamily || mb.IsFamilyOrAssembly) && !type.IsSealed)) && !(mb is MethodInfo { IsSpecialName: true } mi && IsAccessor(mi)),
            FieldInfo f => f.IsPublic || ((f.IsFamily || f.IsFamilyOrAssembly) && !type.IsSealed),
            PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || ((a.IsFamily || a.IsFamilyOrAssembly) && !type.IsSealed)),
            EventInfo e => e.AddMethod is { IsPublic: true },
            _ => false, // nested types are counted as types
        });

    static bool IsAccessor(MethodInfo m) => m.Name.StartsWith("get_", StringComparison.Ordinal) || m.Name.StartsWith("set_", StringComparison.Ordinal) ||
        m.Name.StartsWith("add_", StringComparison.Ordinal) || m.Name.StartsWith("remove_", StringComparison.Ordinal);

    [Fact]
    public void PrintsTheSurface()
    {
        var types = Library.GetExportedTypes();
        int members = types.Sum(t => VisibleMembers(t).Count());
        _output.WriteLine($"public types: {types.Length}, public members: {members}");
        foreach (var t in types.OrderBy(t => t.FullName))
            _output.WriteLine($"{t.FullName}: {VisibleMembers(t).Count()}");
        Assert.NotEmpty(types);
    }

    [Fact]
    public void NoVisibleSignatureNamesAnInvisibleType()
    {
        var offences = new List<string>();
        foreach (var type in Library.GetExportedTypes())
        {
            if (type.BaseType is Type b && !Visible(b)) offences.Add($"{type} derives from {b}");
            foreach (var i in type.GetInterfaces().Where(i => !Visible(i))) offences.Add($"{type} implements {i}");
            foreach (var m in VisibleMembers(type))
                foreach (var used in Signature(m).Where(t => !Visible(t)))
                    offences.Add($"{type}.{m.Name} uses {used}");
        }
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    static IEnumerable<Type> Signature(MemberInfo m) => m switch
    {
        MethodInfo mi => mi.GetParameters().Select(p => p.ParameterType).Append(mi.ReturnType),
        ConstructorInfo ci => ci.GetParameters().Select(p => p.ParameterType),
        PropertyInfo p => p.GetIndexParameters().Select(x => x.ParameterType).Append(p.PropertyType),
        FieldInfo f => new[] { f.FieldType },
        EventInfo e => new[] { e.EventHandlerType! },
        _ => Array.Empty<Type>(),
    };

    // A type is visible when it and every type it is built from (array element, generic argument) are public.
    static bool Visible(Type t)
    {
        if (t.IsByRef || t.IsArray || t.IsPointer) return Visible(t.GetElementType()!);
        if (t.IsGenericParameter) return true;
        if (t.IsGenericType && !t.GetGenericArguments().All(Visible)) return false;
        for (var x = t; x != null; x = x.DeclaringType)
            if (!(x.IsPublic || x.IsNestedPublic || (x.IsNestedFamily || x.IsNestedFamORAssem))) return false;
        return true;
    }
}
