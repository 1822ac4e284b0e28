using System;
using System.Collections.Generic;
using System.Linq;

namespace StMamba.Data;

/// <summary>
/// Deterministic traffic-like data for a seed, so the sample needs no download: sensors on a road graph (a main
/// road with branches at junctions), daily and weekly cycles with morning and evening rush hours on weekdays, a
/// spatially correlated slow component diffused along the graph, measurement noise, and incidents that cut flow at
/// one sensor and spread, delayed and weakened, to its neighbours.
/// </summary>
public static class TrafficGenerator
{
    public static TrafficData Generate(int sensors, int days, int seed)
    {
        if (sensors < 2) throw new ArgumentOutOfRangeException(nameof(sensors), "at least 2 sensors");
        if (days < 1) throw new ArgumentOutOfRangeException(nameof(days), "at least 1 day");
        var rng = new Random(seed);
        int steps = days * TrafficData.StepsPerDay;
        var neighbors = RoadGraph(sensors, rng);
        var (tod, dow) = TrafficData.Calendar(steps);

        // Per-sensor character: capacity, how strong each rush hour is there, and a small phase shift along the road.
        var capacity = Enumerable.Range(0, sensors).Select(_ => 180 + 220 * rng.NextDouble()).ToArray();
        var morning = Enumerable.Range(0, sensors).Select(_ => 0.5 + 0.8 * rng.NextDouble()).ToArray();
        var evening = Enumerable.Range(0, sensors).Select(_ => 0.5 + 0.8 * rng.NextDouble()).ToArray();
        var shift = Enumerable.Range(0, sensors).Select(i => 0.25 * i / sensors).ToArray(); // hours

        var incident = IncidentFactors(steps, sensors, neighbors, rng);
        var values = new float[steps, sensors];
        var slow = new double[sensors];
        var next = new double[sensors];
        for (int t = 0; t < steps; t++)
        {
            // Spatially correlated slow component: AR(1) in time, diffused to neighbours.
            for (int s = 0; s < sensors; s++)
            {
                double mean = neighbors[s].Length == 0 ? slow[s] : neighbors[s].Average(n => slow[n]);
                next[s] = 0.93 * slow[s] + 0.05 * mean + 0.04 * Gaussian(rng);
            }
            (slow, next) = (next, slow);
            double hour = tod[t] / 12.0;
            bool weekend = dow[t] >= 5;
            for (int s = 0; s < sensors; s++)
            {
                double h = hour - shift[s];
                double profile = weekend
                    ? 0.25 + 0.55 * Bump(h, 13.5, 3.0)
                    : 0.2 + morning[s] * Bump(h, 8.0, 1.0) + evening[s] * Bump(h, 17.5, 1.3) + 0.35 * Bump(h, 12.5, 3.0);
                double night = 0.08 + 0.92 / (1 + Math.Exp(-(h - 5.5) * 2)) / (1 + Math.Exp((h - 22.5) * 1.5));
                double flow = capacity[s] * profile * night * (1 + 0.15 * slow[s]) * incident[t, s];
                flow *= 1 + 0.05 * Gaussian(rng);
                values[t, s] = (float)Math.Max(0, flow);
            }
        }
        return new TrafficData(values, tod, dow, neighbors);
    }

    static double Bump(double x, double center, double width) => Math.Exp(-0.5 * Math.Pow((x - center) / width, 2));

    static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>A main road 0-1-2-... with a branch joining at every 5th sensor.</summary>
    static int[][] RoadGraph(int sensors, Random rng)
    {
        var edges = Enumerable.Range(0, sensors).Select(_ => new SortedSet<int>()).ToArray();
        int mainLength = Math.Max(2, sensors * 2 / 3);
        for (int i = 1; i < mainLength; i++) { edges[i].Add(i - 1); edges[i - 1].Add(i); }
        for (int i = mainLength; i < sensors; i++)
        {
            int attach = (i - mainLength) % 5 == 0 ? rng.Next(mainLength) : i - 1;
            edges[i].Add(attach);
            edges[attach].Add(i);
        }
        return edges.Select(e => e.ToArray()).ToArray();
    }

    /// <summary>Multiplicative flow factors: about one incident a day, 30-90 minutes, 40-70% drop at its sensor,
    /// reaching neighbours 2 steps later per hop at 60% of the strength, up to two hops.</summary>
    static double[,] IncidentFactors(int steps, int sensors, int[][] neighbors, Random rng)
    {
        var f = new double[steps, sensors];
        for (int t = 0; t < steps; t++) for (int s = 0; s < sensors; s++) f[t, s] = 1;
        int count = steps / TrafficData.StepsPerDay + 1;
        for (int k = 0; k < count; k++)
        {
            int start = rng.Next(steps), duration = 6 + rng.Next(13), origin = rng.Next(sensors);
            double drop = 0.4 + 0.3 * rng.NextDouble();
            var frontier = new Dictionary<int, int> { [origin] = 0 };
            for (int hop = 0; hop < 2; hop++)
                foreach (var (s, d) in frontier.Where(x => x.Value == hop).ToList())
                    foreach (int n in neighbors[s])
                        frontier.TryAdd(n, d + 1);
            foreach (var (s, hops) in frontier)
            {
                double strength = drop * Math.Pow(0.6, hops);
                for (int t = start + 2 * hops; t < Math.Min(steps, start + 2 * hops + duration); t++)
                    f[t, s] = Math.Min(f[t, s], 1 - strength);
            }
        }
        return f;
    }
}
