using StarBot.Core.Replies;
using BenchmarkDotNet.Running;
using StarBot.Bench;
using StarBot.Core.Analysis;
using StarBot.Core.Content;

// eval [--real] [--heldout] [--mistakes SET]: analyzer quality; train: write the shipped weights; calibrate: fit the
// presence calibration on the real answers; speed: timings. Quality is always measured on a model trained now from
// the bundled corpus, never on possibly stale shipped weights.
var root = FindRoot();
var fresh = new Lazy<StarModel>(() => StarModel.Train(TrainingCorpus.Load()));
var realPath = Path.Combine(root, "bench", "data", "real", "answers.jsonl");
var realCases = new Lazy<List<EvalItem>>(() => File.Exists(realPath)
    ? RealSet.Load(realPath).SelectMany(RealSet.Cases).ToList()
    : throw new FileNotFoundException($"{realPath} is not there: run `real-set rebuild MIRRORS` first (bench/README.md, the real set)"));
// The written-for-purpose answers the calibration may also learn from: the tuned sets and the content variants (never the held-out sets).
var tuningCases = new Lazy<List<EvalItem>>(() =>
[
    .. Evaluation.ContentVariants(ContentLoader.Load(Path.Combine(root, "content")).OrThrow()),
    .. Directory.GetFiles(Path.Combine(root, "bench", "data", "eval"), "tuned*.jsonl").Order().SelectMany(f => Evaluation.ReadJsonl(f, "tuned")),
]);
switch (args.FirstOrDefault())
{
    case "calibrate":
    {
        // Writes the shipped calibration: run after `train`, or after the real set changed.
        var calibration = Calibrator.Fit(fresh.Value, realCases.Value, tuningCases.Value, TrainingCorpus.Hash(),
            $"{realCases.Value.Select(c => c.Author).Distinct().Count()} authors, {realCases.Value.Count} cases of bench/data/real/answers.jsonl");
        var calibrationFile = Path.Combine(root, "src", "StarBot.Core", "Analysis", "Model", "calibration.json");
        File.WriteAllText(calibrationFile, calibration.ToJson() + "\n");
        Console.WriteLine($"wrote {calibrationFile}: missing below [{string.Join(", ", calibration.Missing.Select(m => m.ToString("F3")))}]");
        return 0;
    }

    case "real-set":
    {
        // real-set rebuild [MIRRORS]: answers.jsonl from manifest.jsonl (and fetched repositories, MIRRORS/owner+name/repo);
        // real-set manifest MIRRORS: manifest.jsonl from answers.jsonl, after the set was extended or relabelled.
        var manifest = Path.Combine(root, "bench", "data", "real", "manifest.jsonl");
        return args.ElementAtOrDefault(1) switch
        {
            "rebuild" => RealSetFiles.Rebuild(manifest, realPath, args.ElementAtOrDefault(2)),
            "manifest" when args.Length > 2 => RealSetFiles.WriteManifest(realPath, manifest, args[2]),
            _ => Usage(),
        };
    }

    case "explain":
    {
        // explain CASE-ID-PREFIX: each matching real case's segments with their part scores, and the verdicts.
        // explain --file FILE: the same for one answer in a file.
        var explained = new StarAnalyzer(fresh.Value, StarModel.ShippedCalibration(TrainingCorpus.Hash()));
        var chosen = args[1] == "--file"
            ? [new EvalItem(args[2], "file", "file", File.ReadAllText(args[2]), new Dictionary<StarPart, bool>())]
            : realCases.Value.Where(c => c.Id.StartsWith(args[1], StringComparison.Ordinal));
        foreach (var c in chosen)
        {
            var scored = explained.Score(c.Text);
            Console.WriteLine($"== {c.Id}  truth {string.Join(" ", c.Present.Select(p => $"{p.Key.ToString()[0]}={(p.Value ? 1 : 0)}"))}  presence {string.Join(" ", scored.Presence.Select(p => p.ToString("F2")))}");
            for (var i = 0; i < scored.Segments.Count; i++)
            {
                Console.WriteLine($"  {"STAR"[scored.Path[i]]} p{scored.Segments[i].Paragraph} [{string.Join(" ", Enumerable.Range(0, 4).Select(k => scored.Probabilities[i, k].ToString("F2")))}] {scored.Segments[i].Text[..Math.Min(100, scored.Segments[i].Text.Length)]}");
            }
        }

        return 0;
    }

    case "eval":
        // The shipped calibration, as the product uses it (fitted on all real answers by `calibrate`).
        var analyzer = new StarAnalyzer(fresh.Value, StarModel.ShippedCalibration(TrainingCorpus.Hash()));
        if (!StarModel.DefaultIsCalibrated)
        {
            Console.Error.WriteLine("the shipped calibration does not fit this corpus or these features: run `train` and `calibrate`, then build again");
        }

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

        if (args.Contains("--real"))
        {
            // Leave one author out: the calibration is fitted on the other authors' answers only, then judges the
            // held-out author's; the verdicts of all folds are scored together.
            // --keep K: the share of present parts the cut-offs must keep on the fitted answers (default Calibrator.Keep), to see the trade-off.
            var keep = args.SkipWhile(a => a != "--keep").Skip(1).Select(k => double.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(Calibrator.Keep);
            var judged = new List<(EvalItem, StarAnalysis)>();
            var heldOutPresence = new List<(int Part, double P, bool Present)>();
            if (args.Contains("--train-real"))
            {
                var copies = args.SkipWhile(a => a != "--train-real").Skip(1).Select(int.Parse).FirstOrDefault(1);
                var nested = RealTraining.Run(TrainingCorpus.Load(), RealSet.Load(realPath), tuningCases.Value, copies, keep);
                Console.WriteLine(Evaluation.Score($"real, trained on other authors x{copies} (keep {keep:F2})", nested));
                PrintBy(j => j.Form, "real", nested);
            }

            void CrossValidate(StarModel model, List<(EvalItem, StarAnalysis)> verdicts, List<(int Part, double P, bool Present)> presences)
            {
                foreach (var author in realCases.Value.Select(c => c.Author).Distinct().Order())
                {
                    var others = realCases.Value.Where(c => c.Author != author).ToList();
                    var fold = new StarAnalyzer(model, Calibrator.Fit(model, others, tuningCases.Value, TrainingCorpus.Hash(), "fold", keep));
                    verdicts.AddRange(realCases.Value.Where(c => c.Author == author).Select(c => (c, fold.Analyze(c.Text))));
                    foreach (var c in realCases.Value.Where(c => c.Author == author))
                    {
                        var presence = fold.Score(c.Text).Presence;
                        presences.AddRange(c.Present.Select(p => ((int)p.Key, presence[(int)p.Key], p.Value)));
                    }
                }
            }

            CrossValidate(fresh.Value, judged, heldOutPresence);

            // --seeds N: the same with the sentence model trained in N shuffle orders (the shipped one first): how far a
            // figure moves by the order of training alone, so that a change is judged against that spread.
            if (args.SkipWhile(a => a != "--seeds").Skip(1).Select(int.Parse).FirstOrDefault(1) is var seeds and > 1)
            {
                var spread = new List<EvalScore>();
                foreach (var seed in new[] { SentenceModel.DefaultSeed }.Concat(Enumerable.Range(1, seeds - 1)))
                {
                    var seeded = new List<(EvalItem, StarAnalysis)>();
                    CrossValidate(seed == SentenceModel.DefaultSeed ? fresh.Value : StarModel.Train(TrainingCorpus.Load(), seed: seed), seeded, []);
                    spread.Add(Evaluation.Score($"real, seed {seed}", seeded));
                    Console.WriteLine(spread[^1]);
                }

                Console.WriteLine($"over {seeds} seeds: macro F1 mean {spread.Average(s => s.MacroF1):F3} (min {spread.Min(s => s.MacroF1):F3}, max {spread.Max(s => s.MacroF1):F3}); complete->complete mean {spread.Average(s => s.CompleteJudgedComplete):F2} (min {spread.Min(s => s.CompleteJudgedComplete):F2}, max {spread.Max(s => s.CompleteJudgedComplete):F2})");
            }

            Console.WriteLine("AUC of the calibrated presence, author held out: " + string.Join("  ",
                Enumerable.Range(0, 4).Select(k => $"{(StarPart)k} {Diagnosis.Auc([.. heldOutPresence.Where(h => h.Part == k).Select(h => (h.P, h.Present))]):F3}")));

            var real = args.SkipWhile(a => a != "--mistakes").Skip(1).FirstOrDefault() == "real" ? Console.Out : null;
            Console.WriteLine(Evaluation.Score($"real, author held out (keep {keep:F2})", judged, real));
            // What a person is told: a part called missing or doubted ("I couldn't clearly find your …") is flagged.
            var flagged = Enum.GetValues<StarPart>().Select(part =>
            {
                var scored = judged.Where(j => j.Item1.Present.ContainsKey(part)).Select(j => (Present: j.Item1.Present[part], Flagged: j.Item2[part] is { Status: PartStatus.Missing } or { Status: PartStatus.Weak, Doubtful: true })).ToList();
                return $"{part} {scored.Where(s => !s.Present).Average(s => s.Flagged ? 1.0 : 0):F2} / {scored.Where(s => s.Present).Average(s => s.Flagged ? 1.0 : 0):F2}";
            });
            Console.WriteLine("flagged (missing or doubted), of missing parts / of present parts: " + string.Join("  ", flagged));
            PrintBy(j => j.Form, "real", judged);

            if (args.Contains("--reader"))
            {
                ReaderVerdicts.Compare(Path.Combine(root, "bench", "data", "real", "reader-verdicts.jsonl"), judged);
            }

            if (args.Contains("--by-author"))
            {
                PrintBy(j => j.Author, "real", judged);
            }

            if (args.Contains("--diagnose"))
            {
                Diagnosis.Show = args.Contains("--show-misread") ? Console.Out : null;
                Diagnosis.Run(fresh.Value, realCases.Value, RealSet.Load(realPath));
            }

            var uncalibrated = new StarAnalyzer(fresh.Value, PresenceCalibration.Identity(TrainingCorpus.Hash()));
            Console.WriteLine(Evaluation.Score("real, uncalibrated", realCases.Value, uncalibrated));

            // --beside OTHER/StarBot.Core.dll: another build's verdicts on the same real cases (its shipped calibration, nothing refitted).
            if (args.SkipWhile(a => a != "--beside").Skip(1).FirstOrDefault() is { } besideDll)
            {
                var other = BesideBuild.Load(besideDll);
                var otherJudged = realCases.Value.Select(c => (c, other(c.Text))).ToList();
                Console.WriteLine(Evaluation.Score("real, the build beside", otherJudged));
                PrintBy(j => j.Form, "beside", otherJudged);
            }

            // --unseen FILE: real answers in the same format that nothing was fitted on, judged by the shipped analyzer as is.
            if (args.SkipWhile(a => a != "--unseen").Skip(1).FirstOrDefault() is { } unseenPath)
            {
                var unseen = RealSet.Load(unseenPath).SelectMany(RealSet.Cases).Select(c => c with { Set = "unseen" }).ToList();
                var unseenJudged = unseen.Select(c => (c, analyzer.Analyze(c.Text))).ToList();
                Console.WriteLine(Evaluation.Score($"unseen ({unseen.Select(c => c.Author).Distinct().Count()} authors)", unseenJudged, args.Contains("--mistakes-unseen") ? Console.Out : null));
                PrintBy(j => j.Form, "unseen", unseenJudged);
                if (args.Contains("--by-author"))
                {
                    PrintBy(j => j.Author, "unseen", unseenJudged);
                }
            }
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
    {
        // daily-load [CHANNELS [RATE]] [--postgres CONNECTION] [--replicas N]
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        var replicas = int.Parse(args.SkipWhile(a => a != "--replicas").Skip(1).FirstOrDefault() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        return await DailyLoad.RunAsync(root, positional.Count > 0 ? int.Parse(positional[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
            positional.Count > 1 ? int.Parse(positional[1], System.Globalization.CultureInfo.InvariantCulture) : null, postgres, replicas);
    }

    case "slack-load":
        return await SlackLoad.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20,
            args.Length > 3 ? args[3] : "both",
            args.Length > 4 ? args[4] : null);
    case "socket-load":
        return await SocketLoad.RunAsync(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20,
            args.Length > 3 ? args[3] : "both");
    case "slack-floor":
        return await SlackFloor.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    case "speed-beside" when args.Length > 1:
        // speed-beside OTHER/StarBot.Core.dll: the current analyzer and another build's, alternating in one process.
        return SpeedBesideBaseline.Run(args[1]);
    case "speed":
        BenchmarkRunner.Run<AnalyzerBenchmarks>(args: args.Skip(1).ToArray());
        return 0;
    default:
        return Usage();
}

// The score of each group of the verdicts (by layout, by author), named "PREFIX GROUP".
static void PrintBy(Func<EvalItem, string> key, string prefix, IReadOnlyList<(EvalItem Item, StarAnalysis Analysis)> judged)
{
    foreach (var group in judged.GroupBy(j => key(j.Item)).OrderBy(g => g.Key))
    {
        Console.WriteLine(Evaluation.Score($"{prefix} {group.Key}", group.ToList()));
    }
}

static int Usage()
{
    Console.Error.WriteLine("usage: StarBot.Bench eval [--real [--keep K] [--seeds N] [--by-author] [--diagnose] [--reader] [--beside DLL] [--unseen FILE] [--train-real N]] [--heldout] [--mistakes SET] | sentences | train | calibrate | daily-load [CHANNELS [RATE]] [--postgres CONNECTION] [--replicas N] | slack-load [RATE [SECONDS [both|events|commands[-help] [BASELINE/StarBot.dll]]]] | socket-load [RATE [SECONDS [both|events|commands]]] | speed [BenchmarkDotNet options] | speed-beside OTHER/StarBot.Core.dll | real-set rebuild [MIRRORS] | real-set manifest MIRRORS | explain REAL-CASE-ID | explain --file FILE");
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
