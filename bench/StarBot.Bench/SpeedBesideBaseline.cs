using System.Diagnostics;
using StarBot.Core.Analysis;

namespace StarBot.Bench;

/// <summary>
/// The analyzer's time for the 300-word answer beside another build's (its <c>StarBot.Core.dll</c>, loaded in a
/// context of its own), measured in one process, in alternating rounds so that the machine's other load falls on
/// both alike. Reports the median per analysis of each and their ratio.
/// </summary>
public static class SpeedBesideBaseline
{
    public static int Run(string baselineDll, int rounds = 21, int perRound = 200)
    {
        var analyze = BesideBuild.LoadAnalyze(baselineDll);
        var current = new StarAnalyzer();
        var answer = AnalyzerBenchmarks.Answer300Words;
        Action[] runs = [() => current.Analyze(answer), () => analyze(answer)];
        foreach (var run in runs)
        {
            for (var i = 0; i < 500; i++)
            {
                run();
            }
        }

        var times = new List<double>[] { [], [] };
        for (var round = 0; round < rounds; round++)
        {
            for (var which = 0; which < 2; which++)
            {
                var order = round % 2 == 0 ? which : 1 - which;
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < perRound; i++)
                {
                    runs[order]();
                }

                times[order].Add(watch.Elapsed.TotalMicroseconds / perRound);
            }
        }

        var medians = times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
        Console.WriteLine($"300-word answer, median of {rounds} rounds of {perRound}: current {medians[0]:F0} µs, baseline {medians[1]:F0} µs, ratio {medians[0] / medians[1]:F2}");
        Console.WriteLine($"current rounds: {string.Join(" ", times[0].Select(t => t.ToString("F0")))}");
        Console.WriteLine($"baseline rounds: {string.Join(" ", times[1].Select(t => t.ToString("F0")))}");
        return 0;
    }
}
