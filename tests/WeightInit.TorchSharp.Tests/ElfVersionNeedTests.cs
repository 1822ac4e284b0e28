using System;
using System.IO;
using System.Runtime.Versioning;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using WeightInit.Build;
using Xunit;

namespace WeightInit.Tests;

/// <summary>A fact that needs Linux (ELF files, hard links, the system libstdc++); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "Linux only: the GLIBCXX fix patches ELF files";
    }
}

/// <summary>build/ElfVersionNeed.cs on the real libLibTorchSharp.so of TorchSharp 0.107 (always a copy in a temp
/// folder), and what the build did: the NuGet cache untouched, the output copy weakened exactly when needed.</summary>
public sealed class ElfVersionNeedTests : IDisposable
{
    const string Version = "GLIBCXX_3.4.32";
    const string NativeRelative = "runtimes/linux-x64/native/libLibTorchSharp.so";

    readonly string _dir = Directory.CreateTempSubdirectory("weightinit-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string CacheFile
    {
        get
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env
                ? env
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string path = Path.Combine(packages, "torchsharp", "0.107.0", NativeRelative);
            Assert.True(File.Exists(path), $"TorchSharp 0.107.0's native library is not in the NuGet cache at {path}");
            return path;
        }
    }

    string Copy(string name = "libLibTorchSharp.so")
    {
        string path = Path.Combine(_dir, name);
        File.Copy(CacheFile, path);
        return path;
    }

    // The System V ELF hash, which the Vernaux entry stores (vna_hash) next to its flags: an independent way to
    // confirm that the offset found really is the entry for that version.
    static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (byte c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    static int[] DifferingOffsets(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToArray();
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    static extern int link(string oldpath, string newpath);

    [LinuxFact]
    public void FindsTheVernauxEntryOfTheVersion()
    {
        byte[] elf = File.ReadAllBytes(Copy());
        long at = ElfVersionNeed.FindFlagsOffset(elf, Version);
        Assert.True(at > 0, $"no {Version} requirement found ({at})");
        Assert.Equal(ElfHash(Version), BitConverter.ToUInt32(elf, (int)at - 4));
        Assert.Equal(0, BitConverter.ToUInt16(elf, (int)at) & 0x2); // shipped strong
        Assert.False(ElfVersionNeed.IsWeak(elf, Version));

        // Another requirement of the same library has its own entry.
        long other = ElfVersionNeed.FindFlagsOffset(elf, "GLIBCXX_3.4");
        Assert.True(other > 0 && other != at);
        Assert.Equal(ElfHash("GLIBCXX_3.4"), BitConverter.ToUInt32(elf, (int)other - 4));
    }

    [LinuxFact]
    public void WeakenSetsOneBitInOneByteAndIsIdempotent()
    {
        string path = Copy();
        byte[] before = File.ReadAllBytes(path);
        long at = ElfVersionNeed.FindFlagsOffset(before, Version);

        Assert.Equal(WeakenResult.Patched, ElfVersionNeed.Weaken(path, Version));
        byte[] after = File.ReadAllBytes(path);
        Assert.Equal(new[] { (int)at }, DifferingOffsets(before, after));
        Assert.Equal(before[at] | 0x2, after[at]);
        Assert.True(ElfVersionNeed.IsWeak(after, Version));
        Assert.False(ElfVersionNeed.IsWeak(after, "GLIBCXX_3.4"));

        Assert.Equal(WeakenResult.AlreadyWeak, ElfVersionNeed.Weaken(path, Version));
        Assert.Equal(after, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + ".weak-tmp"));
    }

    [LinuxFact]
    public void AVersionTheFileDoesNotRequireIsLeftAlone()
    {
        string path = Copy();
        byte[] before = File.ReadAllBytes(path);
        Assert.Equal(-1, ElfVersionNeed.FindFlagsOffset(before, "GLIBCXX_9.9.99"));
        Assert.Equal(WeakenResult.NotRequired, ElfVersionNeed.Weaken(path, "GLIBCXX_9.9.99"));
        // A prefix of a required version is a different version.
        Assert.Equal(WeakenResult.NotRequired, ElfVersionNeed.Weaken(path, "GLIBCXX_3.4.3"));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [LinuxFact]
    public void NonElfFilesAreNotElf64()
    {
        string text = Path.Combine(_dir, "not-elf.so");
        File.WriteAllText(text, new string('x', 4096));
        Assert.Equal(WeakenResult.NotElf64, ElfVersionNeed.Weaken(text, Version));
        Assert.Equal(new string('x', 4096), File.ReadAllText(text));

        // The ELF magic alone, but 32-bit class: also refused.
        string elf32 = Path.Combine(_dir, "elf32.so");
        var bytes = File.ReadAllBytes(CacheFile);
        bytes[4] = 1;
        File.WriteAllBytes(elf32, bytes);
        Assert.Equal(WeakenResult.NotElf64, ElfVersionNeed.Weaken(elf32, Version));
        Assert.Equal(bytes, File.ReadAllBytes(elf32));
    }

    [LinuxFact]
    public void WeakenNeverWritesThroughAHardLink()
    {
        // The build's output copy may be a hard link into the NuGet cache; the other name must keep its bytes.
        string original = Copy("cache-name.so");
        string linked = Path.Combine(_dir, "output-name.so");
        Assert.True(link(original, linked) == 0, $"link failed: errno {Marshal.GetLastPInvokeError()}");
        byte[] before = File.ReadAllBytes(original);

        Assert.Equal(WeakenResult.Patched, ElfVersionNeed.Weaken(linked, Version));
        Assert.Equal(before, File.ReadAllBytes(original));
        Assert.True(ElfVersionNeed.IsWeak(File.ReadAllBytes(linked), Version));
    }

    [LinuxFact, UnsupportedOSPlatform("windows")]
    public void WeakenKeepsTheFilesPermissions()
    {
        string path = Copy();
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, mode);
        Assert.Equal(WeakenResult.Patched, ElfVersionNeed.Weaken(path, Version));
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [LinuxFact]
    public void TheBuildLeavesTheNuGetCacheStrong()
    {
        byte[] cache = File.ReadAllBytes(CacheFile);
        Assert.True(ElfVersionNeed.FindFlagsOffset(cache, Version) > 0);
        Assert.False(ElfVersionNeed.IsWeak(cache, Version), $"the build modified {CacheFile}");
    }

    [LinuxFact]
    public void TheOutputCopyIsWeakExactlyWhenTheSystemLibStdCxxLacksTheVersion()
    {
        string output = Path.Combine(AppContext.BaseDirectory, NativeRelative);
        Assert.True(File.Exists(output), $"no native library in the test output at {output}");
        byte[] cache = File.ReadAllBytes(CacheFile), copy = File.ReadAllBytes(output);
        string? libstdcxx = ElfVersionNeed.FindSystemLibStdCxx();

        if (libstdcxx != null && !ElfVersionNeed.Mentions(libstdcxx, Version))
        {
            Assert.True(ElfVersionNeed.IsWeak(copy, Version), $"{libstdcxx} lacks {Version} but {output} still requires it");
            Assert.Equal(new[] { (int)ElfVersionNeed.FindFlagsOffset(cache, Version) }, DifferingOffsets(cache, copy));
        }
        else
        {
            Assert.Equal(cache, copy); // nothing to fix, so nothing touched
        }
    }

    [LinuxFact]
    public void TheOutputCopyComesFromTheIncrementalStepsCopyInObj()
    {
        // build/WeightInit.TorchSharp.targets prepares the file once in obj/<config>/<tfm>/weightinit-glibcxx/ and
        // the SDK copies it to bin/ keeping its time stamp; equal bytes and time stamps are what let the next
        // no-change build skip both the step (Inputs/Outputs) and the copy (SkipUnchangedFiles).
        string output = Path.Combine(AppContext.BaseDirectory, NativeRelative);
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string project = tfm.Parent!.Parent!.Parent!.FullName; // bin/<config>/<tfm>
        string copy = Path.Combine(project, "obj", tfm.Parent.Name, tfm.Name, "weightinit-glibcxx", "auto", NativeRelative);
        Assert.True(File.Exists(copy), $"the build made no copy at {copy}");
        Assert.Equal(File.ReadAllBytes(copy), File.ReadAllBytes(output));
        Assert.Equal(File.GetLastWriteTimeUtc(copy), File.GetLastWriteTimeUtc(output));
        Assert.True(File.GetLastWriteTimeUtc(copy) > File.GetLastWriteTimeUtc(CacheFile),
            "the copy keeps the package's old time stamp, so the step would run on every build");
    }
}
