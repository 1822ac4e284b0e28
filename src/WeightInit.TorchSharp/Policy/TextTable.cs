using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace WeightInit.Policy;

/// <summary>Plain-text tables for the reports: a header, a rule, rows, columns padded to their widest cell.</summary>
internal static class TextTable
{
    internal static void Append(StringBuilder sb, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(IEnumerable<string> cells) => sb.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        Line(widths.Select(w => new string('-', w)));
        foreach (var row in rows) Line(row);
    }
}
