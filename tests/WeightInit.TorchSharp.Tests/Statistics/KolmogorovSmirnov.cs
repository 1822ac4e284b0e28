using System;
using System.Collections.Generic;
using System.Linq;

namespace WeightInit.Tests.Statistics;

/// <summary>
/// The one-sample Kolmogorov-Smirnov test that PyTorch's test_init.py runs through scipy.stats.kstest, written out
/// here so the tests need no statistics package: the statistic D, its p-value from the Kolmogorov distribution, and
/// the CDFs the schemes are checked against. Everything is double precision and independent of libtorch (erf too),
/// so the checks do not lean on the code under test.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>D = sup |F_n(x) - F(x)| of the samples against <paramref name="cdf"/>.</summary>
    public static double Statistic(IEnumerable<double> samples, Func<double, double> cdf)
    {
        double[] x = samples.ToArray();
        if (x.Length == 0) throw new ArgumentException("no samples", nameof(samples));
        Array.Sort(x);
        int n = x.Length;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(x[i]);
            // The empirical CDF jumps at x[i] from i/n to (i+1)/n; both sides of the jump count.
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        return d;
    }

    /// <summary>Asymptotic p-value of statistic <paramref name="d"/> for <paramref name="n"/> samples, with Stephens'
    /// small-n correction λ = (√n + 0.12 + 0.11/√n)·D.</summary>
    public static double PValue(double d, int n)
    {
        double sqrtN = Math.Sqrt(n);
        return KolmogorovSurvival((sqrtN + 0.12 + 0.11 / sqrtN) * d);
    }

    /// <summary>(D, p) of the samples against <paramref name="cdf"/>.</summary>
    public static (double D, double P) Test(IReadOnlyCollection<double> samples, Func<double, double> cdf)
    {
        double d = Statistic(samples, cdf);
        return (d, PValue(d, samples.Count));
    }

    /// <summary>Q(λ) = P(K > λ) of the Kolmogorov distribution.</summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda <= 0) return 1;
        if (lambda < 1.18)
        {
            // Small λ: the alternating series converges slowly, the theta-function form fast.
            // P(K ≤ λ) = √(2π)/λ · Σ_{k≥1} exp(-(2k-1)²π²/(8λ²)).
            double s = 0, c = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (int k = 1; k <= 20; k++) s += Math.Exp((2 * k - 1) * (2 * k - 1) * c);
            return Math.Clamp(1 - Math.Sqrt(2 * Math.PI) / lambda * s, 0, 1);
        }
        // Large λ: Q(λ) = 2 Σ_{k≥1} (-1)^(k-1) exp(-2k²λ²), accurate in relative terms far into the tail.
        double sum = 0, sign = 1;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            if (term < 1e-300 || term <= 1e-17 * Math.Abs(sum)) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    // ---- CDFs ----

    /// <summary>CDF of U(a, b).</summary>
    public static Func<double, double> UniformCdf(double a, double b)
    {
        if (!(b > a)) throw new ArgumentException("need a < b");
        return x => x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a);
    }

    /// <summary>CDF of N(mean, std²).</summary>
    public static Func<double, double> NormalCdf(double mean, double std)
    {
        if (!(std > 0)) throw new ArgumentException("need std > 0");
        return x => StandardNormalCdf((x - mean) / std);
    }

    /// <summary>CDF of N(mean, std²) truncated to [a, b] (absolute bounds, as trunc_normal_ takes them).</summary>
    public static Func<double, double> TruncatedNormalCdf(double mean, double std, double a, double b)
    {
        if (!(std > 0) || !(b > a)) throw new ArgumentException("need std > 0 and a < b");
        double alpha = (a - mean) / std, beta = (b - mean) / std;
        double lo = StandardNormalCdf(alpha), mass = StandardNormalCdf(beta) - lo;
        // For intervals far in the upper tail use the mirrored (lower-tail) form, where Φ keeps its digits.
        bool upper = alpha > 0;
        if (upper)
        {
            double hiTail = StandardNormalCdf(-alpha);
            mass = hiTail - StandardNormalCdf(-beta);
            return x => x <= a ? 0 : x >= b ? 1 : Math.Clamp((hiTail - StandardNormalCdf(-(x - mean) / std)) / mass, 0, 1);
        }
        return x => x <= a ? 0 : x >= b ? 1 : Math.Clamp((StandardNormalCdf((x - mean) / std) - lo) / mass, 0, 1);
    }

    /// <summary>Φ(z) = erfc(-z/√2)/2, through erfc so the lower tail keeps its relative precision.</summary>
    public static double StandardNormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2.0));

    /// <summary>Standard normal density φ(z).</summary>
    public static double StandardNormalPdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

    // ---- erf / erfc in double precision (.NET has neither) ----

    const double TwoOverSqrtPi = 1.1283791670955126; // 2/√π

    /// <summary>erf(x), absolute error about 1e-15.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        double r = ax < 2.5 ? ErfSeries(ax) : 1 - ErfcContinuedFraction(ax);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 - erf(x), relative error about 1e-14 in the upper tail.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2 - Erfc(-x);
        return x < 2.5 ? 1 - ErfSeries(x) : ErfcContinuedFraction(x);
    }

    // erf(x) = 2/√π · e^{-x²} · Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·5···(2n+1)): every term positive, so no cancellation
    // (the textbook alternating Taylor series loses digits as x grows). Used for 0 ≤ x < 2.5.
    static double ErfSeries(double x)
    {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 500; n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), the Laplace continued fraction,
    // evaluated by the modified Lentz method. Converges quickly for x ≥ 2.5.
    static double ErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 500; k++)
        {
            double ak = k / 2.0; // partial numerators 1/2, 1, 3/2, 2, ...
            d = x + ak * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = x + ak / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
