// Marks one symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK), so that the dynamic
// loader accepts a system library that lacks that version. Used by WeightInit.TorchSharp.targets at build time
// and compiled into the tests. netstandard2.0 APIs only: the MSBuild inline task factory compiles against them.
#nullable enable
using System;
using System.IO;
using System.Text;
#if !WEIGHTINIT_NO_MSBUILD_TASK
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

namespace WeightInit.Build
{
    public enum WeakenResult { Patched, AlreadyWeak, NotRequired, NotElf64 }

    public static class ElfVersionNeed
    {
        const uint ShtGnuVerneed = 0x6ffffffe;
        const ushort VerFlgWeak = 0x2;

        /// <summary>Offset of the vna_flags field of the Vernaux entry named <paramref name="version"/>, or -1.</summary>
        public static long FindFlagsOffset(byte[] elf, string version)
        {
            if (!IsElf64LittleEndian(elf)) return -2;
            long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
            int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
            for (int i = 0; i < shnum; i++)
            {
                long sh = shoff + (long)i * shentsize;
                if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
                long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
                uint link = BitConverter.ToUInt32(elf, (int)sh + 0x28), count = BitConverter.ToUInt32(elf, (int)sh + 0x2C);
                long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + link * shentsize) + 0x18);
                long vn = offset;
                for (uint n = 0; n < count; n++)
                {
                    int cnt = BitConverter.ToUInt16(elf, (int)vn + 2);
                    long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                    for (int k = 0; k < cnt; k++)
                    {
                        uint name = BitConverter.ToUInt32(elf, (int)aux + 8);
                        if (ReadCString(elf, strtab + name) == version) return aux + 4;
                        aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                    }
                    vn += BitConverter.ToUInt32(elf, (int)vn + 12);
                }
            }
            return -1;
        }

        public static bool IsWeak(byte[] elf, string version)
        {
            long at = FindFlagsOffset(elf, version);
            return at >= 0 && (BitConverter.ToUInt16(elf, (int)at) & VerFlgWeak) != 0;
        }

        /// <summary>Sets VER_FLG_WEAK on the requirement in <paramref name="path"/>; idempotent. The file is
        /// replaced, never written through, so a hard link into the NuGet cache is never modified.</summary>
        public static WeakenResult Weaken(string path, string version)
        {
            byte[] elf = File.ReadAllBytes(path);
            long at = FindFlagsOffset(elf, version);
            if (at == -2) return WeakenResult.NotElf64;
            if (at < 0) return WeakenResult.NotRequired;
            ushort flags = BitConverter.ToUInt16(elf, (int)at);
            if ((flags & VerFlgWeak) != 0) return WeakenResult.AlreadyWeak;
            string temp = path + ".weak-tmp";
            File.Copy(path, temp, overwrite: true); // a copy keeps the permission bits (WriteAllBytes dropped +x)
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
            {
                stream.Position = at;
                stream.WriteByte((byte)(elf[at] | VerFlgWeak)); // little-endian: the flag lives in the low byte
            }
            File.Delete(path); // unlink first: path may be a hard link into the NuGet cache
            File.Move(temp, path);
            return WeakenResult.Patched;
        }

        /// <summary>True when the ELF file defines or mentions the version string (its .dynstr holds it).</summary>
        public static bool Mentions(string path, string version)
        {
            byte[] data = File.ReadAllBytes(path);
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            for (int i = 0; i + needle.Length <= data.Length; i++)
            {
                int k = 0;
                while (k < needle.Length && data[i + k] == needle[k]) k++;
                if (k == needle.Length) return true;
            }
            return false;
        }

        // A char[] (not Split(char, options)): the inline task may compile this against netstandard2.0.
        static readonly char[] PathListSeparator = { ':' };

        /// <summary>The libstdc++.so.6 the loader would pick: LD_LIBRARY_PATH first, then the usual system folders.</summary>
        public static string? FindSystemLibStdCxx()
        {
            var dirs = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(PathListSeparator, StringSplitOptions.RemoveEmptyEntries);
            string[] system = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib" };
            foreach (var dir in dirs) { var p = Path.Combine(dir, "libstdc++.so.6"); if (File.Exists(p)) return p; }
            foreach (var dir in system) { var p = Path.Combine(dir, "libstdc++.so.6"); if (File.Exists(p)) return p; }
            return null;
        }

        static bool IsElf64LittleEndian(byte[] b) =>
            b.Length > 0x40 && b[0] == 0x7f && b[1] == (byte)'E' && b[2] == (byte)'L' && b[3] == (byte)'F' && b[4] == 2 && b[5] == 1;

        static string ReadCString(byte[] b, long at)
        {
            long end = at;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
        }
    }
}

#if !WEIGHTINIT_NO_MSBUILD_TASK
namespace WeightInit.Build
{
    /// <summary>MSBuild task: weakens the requirement when the build machine's libstdc++ lacks it (Debian 12,
    /// Ubuntu 22.04, RHEL 9) or when <see cref="Force"/> is set; a no-op otherwise and on a second run. An item
    /// with WeightInitCopy metadata is first copied there and the copy is weakened (the item itself is never
    /// written); an item without it is weakened in place.</summary>
    public class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
    {
        [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
        public string Version { get; set; } = "GLIBCXX_3.4.32";
        /// <summary>Weaken even when the build machine's libstdc++ has the version (the app runs elsewhere).</summary>
        public bool Force { get; set; }
        /// <summary>True once the task ran: the targets tell a run from an up-to-date skip by it.</summary>
        [Output] public bool Ran { get; private set; }

        public override bool Execute()
        {
            string? libstdcxx = ElfVersionNeed.FindSystemLibStdCxx();
            bool needed = Force || (libstdcxx != null && !ElfVersionNeed.Mentions(libstdcxx, Version));
            string why = Force && (libstdcxx == null || ElfVersionNeed.Mentions(libstdcxx, Version))
                ? "WeightInitForceGlibcxxFix=true"
                : $"{libstdcxx} lacks {Version}";
            foreach (var item in Files)
            {
                if (!File.Exists(item.ItemSpec)) continue;
                string target = item.GetMetadata("WeightInitCopy");
                if (target.Length > 0)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                    File.Copy(item.ItemSpec, target, overwrite: true);
                }
                else target = item.ItemSpec;
                WeakenResult result = needed ? ElfVersionNeed.Weaken(target, Version) : WeakenResult.NotRequired;
                if (result == WeakenResult.Patched)
                    Log.LogMessage(MessageImportance.High,
                        $"WeightInit.TorchSharp: {why}; marked that requirement weak in " +
                        $"{target} (its only symbol, std::ios_base_library_init, is an unused marker).");
                else
                    Log.LogMessage(MessageImportance.Normal,
                        $"WeightInit.TorchSharp: {target} left as it is ({(needed ? result.ToString() : "not needed here")}).");
                // File.Copy keeps the package's old time stamp: a fresh one makes the copy newer than every input
                // of the incremental step, so the next build skips it.
                if (target != item.ItemSpec) File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            }
            Ran = true;
            return true;
        }
    }
}
#endif
