using System.Threading.Tasks;
using System;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace WeightInit.Analyzers.Tests;

/// <summary>Fix all: every call of a document rewritten in one pass (nested calls included), one using per document.</summary>
public class TorchInitFixAllTests
{
    [Fact]
    public Task Fix_all_rewrites_nested_calls_and_every_document_in_one_pass() =>
        Verify.Fix(
            new[]
            {
                """
                using static TorchSharp.torch.nn.init;

                class A
                {
                    object M(TorchSharp.torch.Tensor w, TorchSharp.torch.Tensor? v) => new object[] {
                        {|WI0001:trunc_normal_({|WI0001:trunc_normal_(w)|}, std: 0.02)|},
                        {|WI0001:trunc_normal_(v!, a: -1, b: 1)|} };
                }
                """,
                """
                using TorchSharp;

                class B
                {
                    torch.Tensor M(torch.Tensor w) => {|WI0001:torch.nn.init.trunc_normal_(w, 0, 0.02)|};
                }
                """,
            },
            new[]
            {
                """
                using WeightInit;
                using static TorchSharp.torch.nn.init;

                class A
                {
                    object M(TorchSharp.torch.Tensor w, TorchSharp.torch.Tensor? v) => new object[] {
                        w.trunc_normal_().trunc_normal_(std: 0.02),
                        v!.trunc_normal_(a: -1, b: 1) };
                }
                """,
                """
                using TorchSharp;
                using WeightInit;

                class B
                {
                    torch.Tensor M(torch.Tensor w) => w.trunc_normal_(0, 0.02);
                }
                """,
            },
            Array.Empty<DiagnosticResult>(),
            iterations: 4); // one at a time: 4 fixes; fix all (document, project, solution): 1 pass

    [Fact]
    public Task Fix_all_of_mixed_diagnostics_leaves_a_compiling_port() =>
        // The ST-Mamba style block a porter writes with `using static`: every call ends up on this library.
        Verify.Fix("""
            using TorchSharp;
            using static TorchSharp.torch.nn.init;

            class Block
            {
                void Init(torch.Tensor q, torch.Tensor k, torch.Tensor head, torch.Tensor bias, torch.Generator g)
                {
                    {|WI0002:xavier_normal_(q)|};
                    {|WI0005:xavier_uniform_(k, gain: {|WI0004:calculate_gain(NonlinearityType.LeakyReLU)|})|};
                    {|WI0001:trunc_normal_(head, std: 0.02, generator: g)|};
                    {|WI0005:zeros_(bias)|};
                }
            }
            """, """
            using TorchSharp;
            using WeightInit;
            using static TorchSharp.torch.nn.init;

            class Block
            {
                void Init(torch.Tensor q, torch.Tensor k, torch.Tensor head, torch.Tensor bias, torch.Generator g)
                {
                    q.xavier_normal_();
                    k.xavier_uniform_(gain: TensorInitExtensions.calculate_gain("leaky_relu"));
                    head.trunc_normal_(std: 0.02, generator: g);
                    bias.zeros_();
                }
            }
            """);
}
