using System;
using System.Text;

namespace WeightInit.Engine;

/// <summary>Turns a stream key (a parameter's qualified name, or any caller string) into the 64 counter bits that
/// name its stream: FNV-1a over the UTF-8 bytes, then the splitmix64 finalizer so near-identical names
/// ("layers.0.weight", "layers.1.weight") differ in about half their bits. Stable across runs and platforms.</summary>
internal static class StreamKey
{
    internal static ulong Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ulong h = 0xCBF29CE484222325;
        foreach (byte b in Encoding.UTF8.GetBytes(key)) h = (h ^ b) * 0x100000001B3;
        return Mix(h);
    }

    /// <summary>A second stream derived from one (e.g. sparse_'s zero positions beside its values).</summary>
    internal static ulong Derive(ulong stream, ulong tag) => Mix(stream ^ Mix(tag + 0x9E3779B97F4A7C15));

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
