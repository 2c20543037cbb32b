using BenchmarkDotNet.Running;
using StarBot.Bench;
using StarBot.Core.Analysis;
using StarBot.Core.Content;

// eval [--tune] [--heldout] [--mistakes SET]: analyzer quality; train: write the shipped weights; speed: timings.
// Quality is always measured on a model trained now from the bundled corpus, never on possibly stale shipped weights.
var root = FindRoot();
var fresh = new Lazy<StarModel>(() => StarModel.Train(TrainingCorpus.Load()));
switch (args.FirstOrDefault())
{
    case "eval":
        var analyzer = new StarAnalyzer(fresh.Value);
        var library = ContentLoader.Load(Path.Combine(root, "content")).OrThrow();
        var variants = Evaluation.ContentVariants(library).ToList();
        var eval = Path.Combine(root, "bench", "data", "eval");
        var sets = new List<(string Name, IReadOnlyList<EvalItem> Items)>
        {
            ("content-paragraphs", variants.Where(v => v.Set == "content-paragraphs").ToList()),
            ("content-prose", variants.Where(v => v.Set == "content-prose").ToList()),
        };
        foreach (var tuned in Directory.GetFiles(eval, "tuned*.jsonl").Order())
        {
            sets.Add((Path.GetFileNameWithoutExtension(tuned), Evaluation.ReadJsonl(tuned, "tuned").ToList()));
        }

        if (args.Contains("--tune"))
        {
            Tuning.Run(sets, analyzer);
            return 0;
        }

        // The held-out halves are scored only when asked: rules and thresholds are never tuned on them.
        // heldout-a..d were written first; heldout-e and -f later, by new writers, after the first report.
        if (args.Contains("--heldout"))
        {
            foreach (var (name, writers) in new[] { ("heldout a-d", "abcd"), ("heldout e-f", "ef") })
            {
                var heldout = Directory.GetFiles(eval, "heldout-?.jsonl")
                    .Where(f => writers.Contains(Path.GetFileNameWithoutExtension(f)[^1]))
                    .Order()
                    .SelectMany(f => Evaluation.ReadJsonl(f, "heldout"))
                    .ToList();
                if (heldout.Count == 0)
                {
                    continue;
                }

                sets.Add(($"{name} (all)", heldout));
                foreach (var form in heldout.Select(h => h.Form).Distinct().Order())
                {
                    sets.Add(($"{name} {form}", heldout.Where(h => h.Form == form).ToList()));
                }
            }
        }

        var show = args.SkipWhile(a => a != "--mistakes").Skip(1).FirstOrDefault();
        foreach (var (name, items) in sets)
        {
            Console.WriteLine(Evaluation.Score(name, items, analyzer, name == show ? Console.Out : null));
        }

        return 0;
    case "train":
        // Writes the shipped weights: run after changing the training corpus, features or training.
        var target = Path.Combine(root, "src", "StarBot.Core", "Analysis", "Model", "star-model.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var model = fresh.Value;
        using (var file = File.Create(target))
        {
            model.Write(file, TrainingCorpus.Hash());
        }

        Console.WriteLine($"trained in {watch.ElapsedMilliseconds} ms on {TrainingCorpus.Load().Count} answers; wrote {target} ({new FileInfo(target).Length / 1024} KiB)");
        return 0;
    case "sentences":
        SentenceReport.Run(ContentLoader.Load(Path.Combine(root, "content")).OrThrow(), fresh.Value);
        return 0;
    case "daily-load":
        return await DailyLoad.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : null);
    case "slack-load":
        return await SlackLoad.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20,
            args.Length > 3 ? args[3] : "both",
            args.Length > 4 ? args[4] : null);
    case "slack-floor":
        return await SlackFloor.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    case "speed":
        BenchmarkRunner.Run<AnalyzerBenchmarks>(args: args.Skip(1).ToArray());
        return 0;
    default:
        Console.Error.WriteLine("usage: StarBot.Bench eval [--tune] [--heldout] [--mistakes SET] | sentences | train | daily-load [CHANNELS [RATE]] | slack-load [RATE [SECONDS [both|events|commands [BASELINE/StarBot.dll]]]] | speed [BenchmarkDotNet options]");
        return 2;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "StarBot.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run from inside the StarBot repository");
}
