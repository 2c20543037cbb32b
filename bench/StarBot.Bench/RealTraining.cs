using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Bench;

/// <summary>
/// Would training on answers shaped like real ones help? Each author is held out in turn; the sentence and presence
/// models learn from the bundled corpus plus the other authors' real sections (each section taking its heading as
/// its part), and the calibration is fitted on scores the models never trained on (the other authors split into
/// three groups, each scored by a model trained without it). Costs four trainings per author.
/// </summary>
public static class RealTraining
{
    public static TrainingAnswer ToTraining(RealAnswer answer) => new(
        answer.Id,
        "paragraphs",
        [.. Enum.GetValues<StarPart>().Where(p => answer.Holds[p] && answer.Parts[p].Trim().Length > 0).Select(p => new TrainingSegment((int)p, answer.Parts[p].Trim()))]);

    public static List<(EvalItem, StarAnalysis)> Run(IReadOnlyList<TrainingAnswer> corpus, IReadOnlyList<RealAnswer> answers, IReadOnlyList<EvalItem> tuning, int copies, double keep, int groups = 3)
    {
        var cases = answers.ToDictionary(a => a.Id, a => RealSet.Cases(a).ToList());
        var authors = answers.Select(a => a.Author).Distinct().Order().ToList();
        var judged = new List<(EvalItem, StarAnalysis)>();
        var confusion = new int[4, 5];
        foreach (var author in authors)
        {
            var others = answers.Where(a => a.Author != author).ToList();
            var otherAuthors = others.Select(a => a.Author).Distinct().Order().ToList();
            var group = otherAuthors.Select((a, i) => (a, i % groups)).ToDictionary(x => x.a, x => x.Item2);
            StarModel Train(IEnumerable<RealAnswer> real) =>
                StarModel.Train([.. corpus, .. Enumerable.Repeat(real.Select(ToTraining).ToList(), copies).SelectMany(r => r)]);

            var inner = new List<Calibrator.Sample>[groups];
            StarModel? final = null;
            Parallel.For(0, groups + 1, new ParallelOptions { MaxDegreeOfParallelism = 2 }, g =>
            {
                if (g == groups)
                {
                    final = Train(others);
                    return;
                }

                var model = Train(others.Where(a => group[a.Author] != g));
                inner[g] = Calibrator.Samples(model, [.. others.Where(a => group[a.Author] == g).SelectMany(a => cases[a.Id])], []);
            });

            var samples = inner.SelectMany(s => s).ToList();
            samples.AddRange(Calibrator.Samples(final!, [], tuning));
            var analyzer = new StarAnalyzer(final!, Calibrator.Fit(samples, "", "nested", keep));
            var mine = answers.Where(a => a.Author == author).ToList();
            judged.AddRange(mine.SelectMany(a => cases[a.Id]).Select(c => (c, analyzer.Analyze(c.Text))));
            Diagnosis.Confuse(final!, mine, confusion);
            Console.Error.WriteLine($"{author} done");
        }

        Diagnosis.PrintConfusion(confusion);
        return judged;
    }
}
