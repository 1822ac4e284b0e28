using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using WeightInit.Benchmarks;

// dotnet run -c Release --project benchmarks/WeightInit.Benchmarks -- --filter '*'     (all; see README for figures)
// dotnet run -c Release --project benchmarks/WeightInit.Benchmarks -- --memory         (native memory of ApplyInit)
// dotnet run -c Release --project benchmarks/WeightInit.Benchmarks -- --overhead       (policy overhead, A/B pairs)
// dotnet run -c Release --project benchmarks/WeightInit.Benchmarks -- --shards [13b|tiny] [megatron|flat] [world]
// dotnet run -c Release --project benchmarks/WeightInit.Benchmarks -- --deferred [small|xl] [--memory warm|cold]  (deferred init, a process per row)
// dotnet run -c Release --project benchmarks/WeightInit.Benchmarks -- --checkpoint [small|medium]  (a partial checkpoint into eager and deferred models)
if (args.Length > 0 && args[0] == "--memory")
{
    MemoryReport.Run();
    return;
}
if (args.Length > 0 && args[0] == "--shards")
{
    ShardSimulation.RunCommand(args[1..]);
    return;
}
if (args.Length > 0 && args[0] is "--deferred" or "--deferred-row")
{
    DeferredReport.Run(args);
    return;
}
if (args.Length > 0 && args[0] is "--checkpoint" or "--checkpoint-row" or "--checkpoint-save")
{
    CheckpointReport.Run(args);
    return;
}
if (args.Length > 0 && args[0] == "--overhead")
{
    OverheadReport.Run();
    return;
}
var config = DefaultConfig.Instance
    // In process: BenchmarkDotNet's generated copy of the project would miss the build step that makes libtorch load here.
    .AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1).WithToolchain(InProcessEmitToolchain.Instance))
    .AddColumn(RankColumn.Arabic)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(FillBenchmarks).Assembly).Run(args, config);
