using System;

namespace WeightInit.Engine;

/// <summary>Turns a stream key (a parameter's qualified name, or any caller string) into the 64 counter bits that
/// name its stream: FNV-1a over the UTF-8 bytes, then the splitmix64 finalizer so near-identical names
/// ("layers.0.weight", "layers.1.weight") differ in about half their bits. Stable across runs and platforms.
/// A lone surrogate (ill-formed UTF-16) is encoded as its own three bytes (ED A0 80 for U+D800, as WTF-8 does),
/// not as U+FFFD's EF BF BD: "\ud800", "\udfff" and "\ufffd" are then three streams. Well-formed UTF-8 never contains
/// ED A0-BF, so the encoding stays injective and every well-formed key keeps its UTF-8 bytes and its stream.</summary>
internal static class StreamKey
{
    internal static ulong Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ulong h = 0xCBF29CE484222325;
        void Add(int b) => h = (h ^ (byte)b) * 0x100000001B3;
        for (int i = 0; i < key.Length; i++)
        {
            char c = key[i];
            if (char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, key[++i]);
                Add(0xF0 | (cp >> 18)); Add(0x80 | ((cp >> 12) & 0x3F)); Add(0x80 | ((cp >> 6) & 0x3F)); Add(0x80 | (cp & 0x3F));
            }
            else if (c < 0x80) Add(c);
            else if (c < 0x800) { Add(0xC0 | (c >> 6)); Add(0x80 | (c & 0x3F)); }
            else { Add(0xE0 | (c >> 12)); Add(0x80 | ((c >> 6) & 0x3F)); Add(0x80 | (c & 0x3F)); } // lone surrogates too
        }
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
