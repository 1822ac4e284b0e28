using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace StMamba.Tests;

/// <summary>The serial collection is opt-out, not opt-in: a new test class that builds modules or draws tensors
/// (torch's global generator) is serial unless it is listed here as touching no torch global state.</summary>
public class SerialCollectionMembershipTests
{
    // Tests that use only System.Random with their own seed (TrafficGenerator) and no torch state, and this one.
    static readonly Type[] Parallel = { typeof(DataTests), typeof(SerialCollectionMembershipTests) };

    [Fact]
    public void EveryOtherTestClassIsInTheSerialCollection()
    {
        var testClasses = typeof(SerialCollection).Assembly.GetTypes()
            .Where(t => t.IsClass && t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()));
        var outside = testClasses.Except(Parallel)
            .Where(t => !t.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CollectionAttribute)
                && Equals(a.ConstructorArguments[0].Value, SerialCollection.Name)))
            .Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Empty(outside);
    }
}
