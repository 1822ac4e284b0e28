using System;
using System.Linq;
using WeightInit.EngineGoldenProbe;

// No argument: this process's environment and values (what the tests compare). --golden: the golden file.
// --repeat n: compute n times (so hot methods get re-jitted on the way, at tier 1 with PGO) and fail on any change.
if (args.Length > 0 && args[0] == "--golden")
{
    Console.Out.Write(GoldenValues.GoldenFile(GoldenValues.Compute()));
    return 0;
}
int repeat = args.Length > 1 && args[0] == "--repeat" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
var first = GoldenValues.Compute();
var last = first;
for (int r = 1; r < repeat; r++)
{
    last = GoldenValues.Compute();
    foreach (var (name, values) in first)
        if (!values.SequenceEqual(last[name]))
        {
            Console.Error.WriteLine($"repetition {r + 1} changed {name}: [{string.Join(", ", values)}] became [{string.Join(", ", last[name])}]");
            return 2;
        }
}
Console.Out.Write(GoldenValues.Report(last));
return 0;
