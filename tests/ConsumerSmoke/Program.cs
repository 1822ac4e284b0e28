// The README's quick start as a package consumer writes it, with a `model` defined so that it runs; then checks
// that the package (and not TorchSharp's own torch.nn.init) did the work. Exit code 1 on any failed check.
using TorchSharp;
using WeightInit;            // tensor extension methods: w.xavier_uniform_(), ...
using WeightInit.Schemes;    // InitScheme
using WeightInit.Policy;     // InitPolicy, ApplyInit
using static TorchSharp.torch;

using var model = nn.Sequential(("embed", nn.Embedding(100, 32)), ("q_proj", nn.Linear(32, 32)), ("head", nn.Linear(32, 100)));

torch.manual_seed(42);
var w = torch.empty(64, 32);
w.kaiming_normal_(mode: "fan_out", nonlinearity: "relu");      // same values as PyTorch after torch.manual_seed(42)

using var g = new torch.Generator(123);
w.trunc_normal_(std: 0.02, generator: g);                       // a seeded Generator, as PyTorch 2.x
var truncStd = w.std().item<float>();

var scheme = InitScheme.Parse("kaiming_normal_(mode='fan_out', nonlinearity='relu')");
scheme.Apply(w);                                                // the same, as a value
Console.WriteLine(scheme);                                      // kaiming_normal_(mode='fan_out', nonlinearity='relu')

var report = model.ApplyInit(InitPolicy.Transformer().Then(InitPolicy.XavierAttention()));
Console.WriteLine(report);                                      // which parameter got what, mean and std after init

var failures = new List<string>();
void Check(bool ok, string what) { Console.WriteLine($"check: {what}: {(ok ? "ok" : "FAILED")}"); if (!ok) failures.Add(what); }

var version = typeof(InitScheme).Assembly
    .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
Console.WriteLine($"WeightInit.TorchSharp {version}");
if (args.Length > 0) Check(version.Split('+')[0] == args[0], $"package version is {args[0]}");
// TorchSharp's trunc_normal_ fills one constant; the package's has std 0.02 (truncated at ±2, far beyond 0.02).
Check(truncStd > 0.018 && truncStd < 0.022, $"w.trunc_normal_(std: 0.02) has std {truncStd:F4}");
Check(report["q_proj.weight"].Action.StartsWith("xavier_uniform_"), $"q_proj.weight got {report["q_proj.weight"].Action}");
Check(report["head.weight"].Action.StartsWith("trunc_normal_"), $"head.weight got {report["head.weight"].Action}");
Check(report.Entries.All(e => e.Outcome == InitOutcome.Initialized), "every parameter initialized");

Console.WriteLine(failures.Count == 0 ? "CONSUMER SMOKE OK" : $"CONSUMER SMOKE FAILED: {string.Join("; ", failures)}");
return failures.Count == 0 ? 0 : 1;
