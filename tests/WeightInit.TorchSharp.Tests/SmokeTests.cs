using Xunit;
using static TorchSharp.torch;
namespace WeightInit.Tests;
public class SmokeTests { [Fact] public void Loads() { using var t = ones(3); Assert.Equal(3, t.sum().item<float>()); } }
