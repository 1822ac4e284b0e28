using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace StMamba.Data;

/// <summary>Real data in the PEMS04/PEMS08 layout: a .npz whose array "data" is [T, N, F] (feature 0, flow, is
/// used), a .npy of [T, N] or [T, N, F], or a .csv with one row per 5-minute step and one column per sensor (a header
/// line is skipped). Series are taken to start at midnight on a Monday, as PEMS04 and PEMS08 do.</summary>
public static class PemsLoader
{
    public static TrafficData Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No data file at {path}", path);
        float[,] values = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".npz" => ReadNpz(path),
            ".npy" => ReadNpy(File.ReadAllBytes(path)),
            ".csv" => ReadCsv(path),
            var ext => throw new ArgumentException($"Unsupported data file type '{ext}': use .npz, .npy or .csv"),
        };
        var (tod, dow) = TrafficData.Calendar(values.GetLength(0));
        return new TrafficData(values, tod, dow, TrafficData.LineGraph(values.GetLength(1)));
    }

    static float[,] ReadNpz(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry("data.npy") ?? zip.Entries.FirstOrDefault(e => e.Name.EndsWith(".npy"))
            ?? throw new InvalidDataException($"{path} holds no .npy array");
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ReadNpy(ms.ToArray());
    }

    internal static float[,] ReadNpy(byte[] bytes)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException("Not a .npy array");
        int major = bytes[6];
        int headerLength = major == 1 ? BitConverter.ToUInt16(bytes, 8) : BitConverter.ToInt32(bytes, 8);
        int offset = major == 1 ? 10 : 12;
        string header = Encoding.ASCII.GetString(bytes, offset, headerLength);
        string descr = Regex.Match(header, @"'descr':\s*'([^']+)'").Groups[1].Value;
        if (header.Contains("'fortran_order': True")) throw new InvalidDataException("Fortran-ordered arrays are not supported");
        var shape = Regex.Match(header, @"'shape':\s*\(([^)]*)\)").Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        if (shape.Length is < 2 or > 3) throw new InvalidDataException($"Expected [T, N] or [T, N, F], got ({string.Join(", ", shape)})");
        int t = (int)shape[0], n = (int)shape[1], f = shape.Length == 3 ? (int)shape[2] : 1;
        int data = offset + headerLength;
        Func<int, double> read = descr switch
        {
            "<f8" => i => BitConverter.ToDouble(bytes, data + 8 * i),
            "<f4" => i => BitConverter.ToSingle(bytes, data + 4 * i),
            "<i8" => i => BitConverter.ToInt64(bytes, data + 8 * i),
            "<i4" => i => BitConverter.ToInt32(bytes, data + 4 * i),
            _ => throw new InvalidDataException($"Unsupported dtype {descr}"),
        };
        var values = new float[t, n];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < n; j++)
                values[i, j] = (float)read((i * n + j) * f);
        return values;
    }

    static float[,] ReadCsv(string path)
    {
        var rows = File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(',')).ToList();
        if (rows.Count > 0 && !double.TryParse(rows[0][0], NumberStyles.Float, CultureInfo.InvariantCulture, out _)) rows.RemoveAt(0);
        if (rows.Count == 0) throw new InvalidDataException($"{path} has no data rows");
        var values = new float[rows.Count, rows[0].Length];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != rows[0].Length) throw new InvalidDataException($"{path}: row {i + 1} has {rows[i].Length} columns, expected {rows[0].Length}");
            for (int j = 0; j < rows[i].Length; j++) values[i, j] = float.Parse(rows[i][j], CultureInfo.InvariantCulture);
        }
        return values;
    }
}
