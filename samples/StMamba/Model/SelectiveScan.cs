using System;
using TorchSharp;
using static TorchSharp.torch;

namespace StMamba.Model;

/// <summary>
/// The selective scan of Mamba: h_t = exp(dt_t·A)·h_{t-1} + dt_t·B_t·x_t, y_t = C_t·h_t + D·x_t, per channel.
/// <see cref="Reference"/> is the step-by-step loop; <see cref="Chunked"/> computes each chunk of steps at once in
/// closed form, h_t = exp(S_t)·(h_start + Σ_{s≤t} exp(-S_s)·u_s) with S the running sum of dt·A inside the chunk,
/// and carries the state between chunks; short chunks keep exp(-S) in range.
/// Shapes: x, dt [b, L, d]; A [d, n]; B, C [b, L, n]; D [d]; result [b, L, d].
/// </summary>
public static class SelectiveScan
{
    public static Tensor Reference(Tensor x, Tensor dt, Tensor A, Tensor B, Tensor C, Tensor D)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], L = x.shape[1], d = x.shape[2], n = A.shape[1];
        var h = zeros(new[] { b, d, n }, x.dtype, x.device);
        var ys = new Tensor[L];
        for (long t = 0; t < L; t++)
        {
            var dtT = dt[.., (int)t];                                              // [b, d]
            var decay = (dtT.unsqueeze(-1) * A).exp();                             // [b, d, n]
            var u = (dtT * x[.., (int)t]).unsqueeze(-1) * B[.., (int)t].unsqueeze(1);
            h = decay * h + u;
            ys[t] = (h * C[.., (int)t].unsqueeze(1)).sum(-1);                       // [b, d]
        }
        return (stack(ys, 1) + x * D).MoveToOuterDisposeScope();
    }

    public static Tensor Chunked(Tensor x, Tensor dt, Tensor A, Tensor B, Tensor C, Tensor D, int chunk = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        using var scope = NewDisposeScope();
        long b = x.shape[0], L = x.shape[1], d = x.shape[2], n = A.shape[1];
        var dA = dt.unsqueeze(-1) * A;                                              // [b, L, d, n]
        var u = (dt * x).unsqueeze(-1) * B.unsqueeze(2);                            // [b, L, d, n]
        var h = zeros(new[] { b, d, n }, x.dtype, x.device);
        var ys = new System.Collections.Generic.List<Tensor>();
        for (long start = 0; start < L; start += chunk)
        {
            long len = Math.Min(chunk, L - start);
            var S = dA.narrow(1, start, len).cumsum(1);                             // [b, c, d, n]
            var hs = S.exp() * (h.unsqueeze(1) + ((-S).exp() * u.narrow(1, start, len)).cumsum(1));
            h = hs[.., -1];
            ys.Add((hs * C.narrow(1, start, len).unsqueeze(2)).sum(-1));            // [b, c, d]
        }
        return (cat(ys.ToArray(), 1) + x * D).MoveToOuterDisposeScope();
    }
}
