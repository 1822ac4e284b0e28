using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace WeightInit.Analyzers.Tests;

/// <summary>The code fix's output, exactly; the test framework also compiles it against this library.</summary>
public class TorchInitCodeFixTests
{
    static string Body(string usings, string statements) => $$"""
        {{usings}}

        class C
        {
            void M(TorchSharp.torch.Tensor w, TorchSharp.torch.Tensor? v, TorchSharp.torch.Generator g)
            {
                {{statements}}
            }
        }
        """;

    [Fact]
    public Task Using_static_trunc_normal_becomes_the_extension_call() =>
        Verify.Fix(
            Body("using static TorchSharp.torch.nn.init;", "{|WI0001:trunc_normal_(w, std: 0.02)|};"),
            Body("using WeightInit;\nusing static TorchSharp.torch.nn.init;", "w.trunc_normal_(std: 0.02);"));

    [Fact]
    public Task Qualified_xavier_normal_becomes_the_extension_call_after_existing_usings() =>
        Verify.Fix(
            Body("using System;\nusing TorchSharp;", "{|WI0002:torch.nn.init.xavier_normal_(w)|};"),
            Body("using System;\nusing TorchSharp;\nusing WeightInit;", "w.xavier_normal_();"));

    [Fact]
    public Task Glorot_is_renamed_xavier_and_positional_arguments_stay_positional() =>
        Verify.Fix(
            Body("using static TorchSharp.torch;", "{|WI0002:nn.init.glorot_normal_(w, 2.0)|};"),
            Body("using WeightInit;\nusing static TorchSharp.torch;", "w.xavier_normal_(2.0);"));

    [Fact]
    public Task Existing_using_WeightInit_is_not_duplicated() =>
        Verify.Fix(
            Body("using WeightInit;\nusing static TorchSharp.torch.nn.init;", "{|WI0001:trunc_normal_(w, 0, 0.02, -0.04, 0.04, g)|};"),
            Body("using WeightInit;\nusing static TorchSharp.torch.nn.init;", "w.trunc_normal_(0, 0.02, -0.04, 0.04, g);"));

    [Fact]
    public Task No_using_is_added_inside_namespace_WeightInit() =>
        Verify.Fix("""
            using TorchSharp;

            namespace WeightInit.Models
            {
                class C
                {
                    void M(torch.Tensor w) => {|WI0001:torch.nn.init.trunc_normal_(w)|};
                }
            }
            """, """
            using TorchSharp;

            namespace WeightInit.Models
            {
                class C
                {
                    void M(torch.Tensor w) => w.trunc_normal_();
                }
            }
            """);

    [Fact]
    public Task A_file_without_usings_gets_one_after_its_header_comment() =>
        Verify.Fix("""
            // header
            class C
            {
                void M(TorchSharp.torch.Tensor w) => {|WI0001:TorchSharp.torch.nn.init.trunc_normal_(w, std: 0.02)|};
            }
            """, """
            // header
            using WeightInit;

            class C
            {
                void M(TorchSharp.torch.Tensor w) => w.trunc_normal_(std: 0.02);
            }
            """);

    [Fact]
    public Task Named_tensor_argument_out_of_position_becomes_the_receiver() =>
        Verify.Fix(
            Body("using static TorchSharp.torch.nn.init;", "{|WI0001:trunc_normal_(std: 0.02, tensor: w, b: 1)|};"),
            Body("using WeightInit;\nusing static TorchSharp.torch.nn.init;", "w.trunc_normal_(std: 0.02, b: 1);"));

    [Fact]
    public Task Receivers_that_need_it_are_parenthesized() =>
        Verify.Fix(
            Body("using TorchSharp;", """
                {|WI0001:torch.nn.init.trunc_normal_(v ?? w)|};
                        {|WI0002:torch.nn.init.xavier_normal_(torch.empty(3, 4))|};
                        {|WI0005:torch.nn.init.ones_(v!)|};
                        {|WI0005:torch.nn.init.zeros_((TorchSharp.torch.Tensor)w)|};
                """),
            Body("using TorchSharp;\nusing WeightInit;", """
                (v ?? w).trunc_normal_();
                        torch.empty(3, 4).xavier_normal_();
                        v!.ones_();
                        ((TorchSharp.torch.Tensor)w).zeros_();
                """));

    [Fact]
    public Task A_call_that_is_an_argument_is_fixed() =>
        // The argument and the call have the same span: the fix must find the call, not the argument.
        Verify.Fix(
            Body("using System;\nusing TorchSharp;", "Console.WriteLine({|WI0001:torch.nn.init.trunc_normal_(w, std: 0.02)|});"),
            Body("using System;\nusing TorchSharp;\nusing WeightInit;", "Console.WriteLine(w.trunc_normal_(std: 0.02));"));

    [Fact]
    public Task Multi_line_call_keeps_its_layout() =>
        Verify.Fix(
            Body("using TorchSharp;", """
                {|WI0001:torch.nn.init.trunc_normal_(
                            w,
                            mean: 0,
                            std: 0.02)|};
                """),
            Body("using TorchSharp;\nusing WeightInit;", """
                w.trunc_normal_(
                            mean: 0,
                            std: 0.02);
                """));

    [Fact]
    public Task Kaiming_enum_modes_become_PyTorch_strings() =>
        Verify.Fix(
            Body("using TorchSharp;\nusing static TorchSharp.torch.nn;", """
                {|WI0005:init.kaiming_normal_(w, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU)|};
                        {|WI0005:init.kaiming_uniform_(w, 0.1, init.FanInOut.FanIn, init.NonlinearityType.LeakyReLU)|};
                        {|WI0005:init.kaiming_uniform_(w, nonlinearity: (init.NonlinearityType)8)|};
                """),
            Body("using TorchSharp;\nusing WeightInit;\nusing static TorchSharp.torch.nn;", """
                w.kaiming_normal_(mode: "fan_out", nonlinearity: "relu");
                        w.kaiming_uniform_(0.1, "fan_in", "leaky_relu");
                        w.kaiming_uniform_(nonlinearity: "tanh");
                """));

    [Fact]
    public Task Uniform_maps_low_high_to_Tensors_from_to_and_supplies_the_missing_ones() =>
        Verify.Fix(
            Body("using static TorchSharp.torch.nn.init;", """
                {|WI0003:uniform_(w, -1, 1, g)|};
                        {|WI0003:uniform_(w, high: 2, generator: g)|};
                        {|WI0003:uniform_(w, low: -1, generator: g)|};
                        {|WI0003:uniform_(w, -1, generator: g)|};
                        {|WI0005:uniform_(w)|};
                """),
            Body("using WeightInit;\nusing static TorchSharp.torch.nn.init;", """
                w.uniform_(-1, 1, g);
                        w.uniform_(0, to: 2, generator: g);
                        w.uniform_(from: -1, to: 1, generator: g);
                        w.uniform_(-1, to: 1, generator: g);
                        w.uniform_(0, 1);
                """));

    [Fact]
    public Task Normal_with_generator_becomes_Tensors_own_normal() =>
        Verify.Fix(
            Body("using static TorchSharp.torch.nn.init;", "{|WI0003:normal_(w, std: 0.5, generator: g)|};"),
            Body("using WeightInit;\nusing static TorchSharp.torch.nn.init;", "w.normal_(std: 0.5, generator: g);"));

    [Fact]
    public Task Calculate_gain_becomes_the_string_form_with_PyTorchs_default_slope() =>
        Verify.Fix(
            Body("using static TorchSharp.torch.nn.init;", """
                var a = {|WI0004:calculate_gain(NonlinearityType.LeakyReLU)|};
                        var b = {|WI0005:calculate_gain(NonlinearityType.LeakyReLU, 0.2)|};
                        var c = {|WI0005:calculate_gain(param: 0, nonlinearity: NonlinearityType.Tanh)|};
                """),
            Body("using WeightInit;\nusing static TorchSharp.torch.nn.init;", """
                var a = TensorInitExtensions.calculate_gain("leaky_relu");
                        var b = TensorInitExtensions.calculate_gain("leaky_relu", 0.2);
                        var c = TensorInitExtensions.calculate_gain(param: 0, nonlinearity: "tanh");
                """));

    [Fact]
    public Task The_rest_map_one_to_one() =>
        Verify.Fix(
            Body("using TorchSharp;", """
                {|WI0005:torch.nn.init.orthogonal_(w, gain: 2)|};
                        {|WI0005:torch.nn.init.sparse_(w, 0.1, std: 0.02)|};
                        {|WI0005:torch.nn.init.eye_(w)|};
                        {|WI0005:torch.nn.init.dirac_(w)|};
                        {|WI0005:torch.nn.init.constant_(w, 3)|};
                        {|WI0005:torch.nn.init.glorot_uniform_(w)|};
                """),
            Body("using TorchSharp;\nusing WeightInit;", """
                w.orthogonal_(gain: 2);
                        w.sparse_(0.1, std: 0.02);
                        w.eye_();
                        w.dirac_();
                        w.constant_(3);
                        w.xavier_uniform_();
                """));

    [Fact]
    public Task No_fix_where_the_rewrite_would_not_compile_or_mean_the_same() =>
        // A Scalar value (this library takes a double), an enum that is not a constant, a method group.
        Verify.NoFix("""
            using System;
            using TorchSharp;

            class C
            {
                object M(torch.Tensor w, TorchSharp.Scalar s, torch.nn.init.FanInOut mode) => new object[] {
                    {|WI0005:torch.nn.init.constant_(w, s)|},
                    {|WI0005:torch.nn.init.kaiming_normal_(w, mode: mode)|},
                    (Func<torch.Tensor, double, torch.Tensor>){|WI0002:torch.nn.init.xavier_normal_|} };
            }
            """);
}
