using System;

namespace StMamba.Data;

/// <summary>A traffic series: <see cref="Values"/>[t, sensor] (flow, vehicles per 5 minutes), the time of day as a
/// 5-minute slot (0..287) and the day of week (0 = Monday) of every step, and the road graph's neighbour lists.</summary>
public sealed record TrafficData(float[,] Values, int[] TimeOfDay, int[] DayOfWeek, int[][] Neighbors)
{
    public const int StepsPerDay = 288;
    public int Steps => Values.GetLength(0);
    public int Sensors => Values.GetLength(1);

    /// <summary>Calendar of a series that starts at midnight on a Monday, in 5-minute steps (as PEMS04/PEMS08).</summary>
    public static (int[] TimeOfDay, int[] DayOfWeek) Calendar(int steps)
    {
        var tod = new int[steps];
        var dow = new int[steps];
        for (int t = 0; t < steps; t++) { tod[t] = t % StepsPerDay; dow[t] = t / StepsPerDay % 7; }
        return (tod, dow);
    }

    /// <summary>A line graph (sensors along one road) when no graph is known.</summary>
    public static int[][] LineGraph(int sensors)
    {
        var n = new int[sensors][];
        for (int i = 0; i < sensors; i++)
            n[i] = i == 0 ? (sensors > 1 ? new[] { 1 } : Array.Empty<int>()) : i == sensors - 1 ? new[] { i - 1 } : new[] { i - 1, i + 1 };
        return n;
    }
}
