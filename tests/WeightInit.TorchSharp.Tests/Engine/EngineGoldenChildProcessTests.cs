using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace WeightInit.Tests.Engine;

/// <summary>The golden values in fresh processes under other JIT and SIMD settings: tiered compilation off, no
/// quick JIT for loops or PGO, CoreLib jitted instead of precompiled (ReadyToRun off), a run repeated until hot
/// methods are re-jitted, and with hardware intrinsics off altogether or AVX-512, AVX2 or AES-NI alone off, which
/// sends the engine down its software vectors and software AES. Each child is tests/EngineGoldenProbe (about a
/// second), run with this test assembly's own runtime config and dependencies.</summary>
public class EngineGoldenChildProcessTests
{
    [Theory]
    [InlineData("default", "")]
    [InlineData("tiered compilation off", "DOTNET_TieredCompilation=0")]
    [InlineData("no PGO, no quick JIT for loops", "DOTNET_TieredPGO=0;DOTNET_TC_QuickJitForLoops=0")]
    [InlineData("CoreLib jitted (ReadyToRun off)", "DOTNET_ReadyToRun=0")]
    [InlineData("repeated while hot methods re-jit", "DOTNET_TC_CallCountingDelayMs=0", "--repeat", "40")]
    [InlineData("hardware intrinsics off", "DOTNET_EnableHWIntrinsic=0",
        "Vector128.IsHardwareAccelerated=False", "Vector256.IsHardwareAccelerated=False", "Aes.IsSupported=False", "Avx2.IsSupported=False")]
    [InlineData("AVX-512 off", "DOTNET_EnableAVX512F=0;DOTNET_EnableAVX512=0", "Vector512.IsHardwareAccelerated=False", "Avx512F.IsSupported=False")]
    [InlineData("AVX2 off", "DOTNET_EnableAVX2=0", "Vector256.IsHardwareAccelerated=False", "Avx2.IsSupported=False")]
    [InlineData("AES-NI off", "DOTNET_EnableAES=0", "Aes.IsSupported=False")]
    public void ChildProcessDrawsTheGoldenBits(string mode, string variables, params string[] argsAndExpectations)
    {
        var args = argsAndExpectations.TakeWhile(a => !a.Contains('=')).ToArray();
        var expectations = argsAndExpectations.Skip(args.Length).ToArray();
        var env = variables.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=')).ToDictionary(v => v[0], v => v[1]);

        var child = EngineGolden.Parse(RunProbe(mode, env, args));
        var golden = EngineGolden.File();

        // The settings took effect (otherwise this would test the default path again).
        foreach (var e in expectations)
        {
            var (key, value) = (e[..e.IndexOf('=')], e[(e.IndexOf('=') + 1)..]);
            Assert.True(child.Environment.TryGetValue(key, out var got) && got == value, $"{mode}: the child has {key} = {got}, expected {value}");
        }
        Assert.Equal(golden.StreamFormat, child.StreamFormat);
        string? difference = EngineGolden.FirstDifference(golden.Cases, child.Cases);
        Assert.True(difference == null, $"{mode} ({variables}): {difference}");
    }

    static string RunProbe(string mode, IReadOnlyDictionary<string, string> env, string[] args)
    {
        string dir = AppContext.BaseDirectory;
        string self = Path.GetFileNameWithoutExtension(typeof(EngineGoldenChildProcessTests).Assembly.Location);
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        // This assembly's runtime config and deps: the child loads TorchSharp and libtorch exactly as this process did.
        foreach (var a in new[] { "exec", "--runtimeconfig", Path.Combine(dir, self + ".runtimeconfig.json"),
                     "--depsfile", Path.Combine(dir, self + ".deps.json"), Path.Combine(dir, "EngineGoldenProbe.dll") })
            start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Only the variables of this mode: none inherited from whoever started the tests.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("DOTNET_Tiered", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_TC_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("DOTNET_ReadyToRun", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (k, v) in env) start.Environment[k] = v;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{mode}: the probe did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A hang guard only: a child takes a few seconds.
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{mode}: the probe did not finish within 120 s");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{mode}: the probe exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>The dotnet host running the tests (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
