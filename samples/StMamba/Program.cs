using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using StMamba.Data;
using StMamba.Model;
using StMamba.Reporting;
using StMamba.Training;
using TorchSharp;
using WeightInit.Policy;

// ST-Mamba sample: the same data, seed and batches, one model per init policy, trained side by side.
var epochs = new Option<int>("--epochs") { Description = "training epochs per policy", DefaultValueFactory = _ => 6 };
var sensors = new Option<int>("--sensors") { Description = "sensors in the generated road network", DefaultValueFactory = _ => 20 };
var days = new Option<int>("--days") { Description = "days of generated data (5-minute steps)", DefaultValueFactory = _ => 10 };
var seed = new Option<int>("--seed") { Description = "seed for data, init and batches", DefaultValueFactory = _ => 42 };
var output = new Option<string>("--out") { Description = "output folder", DefaultValueFactory = _ => Path.Combine("out", "stmamba") };
var data = new Option<string?>("--data") { Description = "real data in the PEMS04/PEMS08 layout (.npz, .npy or .csv) instead of generated data" };
var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
var policies = new Option<string>("--policies")
{
    Description = $"comma-separated init policies: {string.Join(", ", SamplePolicies.All.Keys)}",
    DefaultValueFactory = _ => SamplePolicies.Default,
};
// libtorch's parallel reductions and matrix products add in an order that depends on the thread count, which
// libtorch sets from the machine's cores: with 2 threads the training losses differ from 1 thread's from step 6 on.
// One thread by default makes a run the same on every machine (and on a loaded 2-core machine it is faster).
var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (results depend on it; 1 is reproducible everywhere)", DefaultValueFactory = _ => 1 };
var target = new Option<double>("--target-loss") { Description = "training MAE (normalized, 10-step EMA) counted as reached", DefaultValueFactory = _ => 0.30 };

var root = new RootCommand("Trains an ST-Mamba traffic model (spatial attention + selective SSM) under several weight-init policies and compares them.")
{
    epochs, sensors, days, seed, output, data, device, policies, threads, target,
};
root.SetAction(parse =>
{
    var names = SamplePolicies.Parse(parse.GetValue(policies)!);
    string dev = parse.GetValue(device)!;
    if (dev == "cuda" && !torch.cuda.is_available())
    {
        Console.Error.WriteLine("--device cuda: CUDA is not available (build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU).");
        return 2;
    }
    int t = parse.GetValue(threads);
    if (t < 1)
    {
        Console.Error.WriteLine($"--threads {t}: at least 1.");
        return 2;
    }
    torch.set_num_threads(t);
    int s = parse.GetValue(seed);
    string? dataPath = parse.GetValue(data);
    var series = dataPath != null ? PemsLoader.Load(dataPath) : TrafficGenerator.Generate(parse.GetValue(sensors), parse.GetValue(days), s);
    using var dataset = new WindowedDataset(series);
    var options = new TrainOptions(Epochs: parse.GetValue(epochs), Seed: s, TargetLoss: parse.GetValue(target), Device: dev);
    string folder = Path.GetFullPath(parse.GetValue(output)!);
    string settings = $"Data: {(dataPath ?? $"generated, {series.Sensors} sensors, {series.Steps / TrafficData.StepsPerDay} days, seed {s}")}; " +
                      $"windows train/val/test {dataset.Train.Count}/{dataset.Validation.Count}/{dataset.Test.Count}; " +
                      $"epochs {options.Epochs}, batch {options.BatchSize}, Adam lr {options.LearningRate}; device {dev}, {t} thread{(t == 1 ? "" : "s")}.";
    Console.WriteLine(settings);
    Console.WriteLine($"Output folder: {folder}");

    var config = new ModelConfig(series.Sensors);
    var progress = new ConsoleProgress(names.Count * options.Epochs);
    var runs = new List<RunResult>();
    foreach (var name in names)
    {
        torch.manual_seed(s);                                  // same constructor draws for every policy
        using var model = new StMambaNet(config);
        var policy = SamplePolicies.All[name].Build(config.Layers);
        if (policy != null) model.ApplyInit(policy, new torch.Generator((ulong)s));
        model.to(torch.device(dev));
        runs.Add(Trainer.Train(name, model, dataset, options, (e, tr, va) => progress.Epoch(name, e, options.Epochs, tr, va)));
    }
    Console.WriteLine();
    Console.WriteLine(ResultsTable.Markdown(runs, options.TargetLoss));
    foreach (var name in names) Console.WriteLine($"  {name}: {SamplePolicies.All[name].Description}");
    ResultsWriter.WriteAll(folder, runs, settings, options.TargetLoss);
    Console.WriteLine($"Wrote loss_curves.png, loss_curves.csv and results.md to {folder}");
    return 0;
});
return root.Parse(args).Invoke();
