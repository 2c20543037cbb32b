using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Bench;

/// <summary>Per-segment accuracy of the bundled scorer on the content examples (which it was not trained on).</summary>
public static class SentenceReport
{
    public static void Run(ContentLibrary library, StarModel model)
    {
        var confusion = new int[4, 4];
        foreach (var question in library.Questions.Where(q => q.Example is { IsComplete: true }))
        {
            var segments = new List<(Segment, StarPart)>();
            foreach (var part in Enum.GetValues<StarPart>())
            {
                segments.AddRange(AnswerSegmenter.Split(question.Example![part]!.ReplaceLineEndings(" ")).Select(s => (s, part)));
            }

            var p = new double[segments.Count, 4];
            new TrainedSegmentScorer(model.Sentences).Score(segments.Select(s => s.Item1).ToList(), p);
            for (var i = 0; i < segments.Count; i++)
            {
                var best = Enumerable.Range(0, 4).MaxBy(k => p[i, k]);
                confusion[(int)segments[i].Item2, best]++;
            }
        }

        Console.WriteLine("truth \\ predicted   S     T     A     R   recall");
        var correct = 0;
        var total = 0;
        for (var t = 0; t < 4; t++)
        {
            var row = Enumerable.Range(0, 4).Sum(k => confusion[t, k]);
            correct += confusion[t, t];
            total += row;
            Console.WriteLine($"{(StarPart)t,-18} {confusion[t, 0],4}  {confusion[t, 1],4}  {confusion[t, 2],4}  {confusion[t, 3],4}   {confusion[t, t] / (double)row:F2}");
        }

        Console.WriteLine($"accuracy {correct / (double)total:F3} over {total} segments");
    }
}
