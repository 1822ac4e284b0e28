namespace WeightInit.Diagnostics;

/// <summary>What one layer did in a probe pass. Statistics are over every element of the layer's output.</summary>
/// <param name="Depth">1-based position among the probed layers, in the order they ran.</param>
/// <param name="Name">Module path, e.g. <c>layers.3</c>.</param>
/// <param name="Type">Module class, e.g. <c>Linear</c>, <c>ReLU</c>.</param>
/// <param name="Mean">Mean of the layer's output.</param>
/// <param name="Std">Std of the layer's output (0 for a single element).</param>
/// <param name="OutputGradStd">Std of d(loss)/d(output); null when the output needs no gradient.</param>
/// <param name="WeightGradStd">Std of d(loss)/d(weight) for layers with a weight.</param>
/// <param name="DeadFraction">ReLU-family layers: the fraction of units (features) that are 0 for every sample.</param>
/// <param name="SaturatedFraction">tanh/sigmoid layers: the fraction of outputs within 0.01 of the asymptotes.</param>
/// <param name="SoftmaxEntropy">Softmax layers: mean entropy of the distributions over log(K) (1 flat, 0 one-hot).</param>
/// <param name="StdRatio">Output std over the input's std.</param>
/// <param name="Drifted">True when <see cref="StdRatio"/> is beyond the report's drift factor either way.</param>
public sealed record LayerSignal(int Depth, string Name, string Type, double Mean, double Std, double? OutputGradStd,
    double? WeightGradStd, double? DeadFraction, double? SaturatedFraction, double? SoftmaxEntropy, double StdRatio, bool Drifted);
