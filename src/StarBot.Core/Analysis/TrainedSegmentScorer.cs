namespace StarBot.Core.Analysis;

/// <summary>Scores segments with a trained <see cref="SentenceModel"/>.</summary>
public sealed class TrainedSegmentScorer(SentenceModel model) : ISegmentScorer
{
    public void Score(IReadOnlyList<Segment> segments, double[,] probabilities)
    {
        var features = new List<int>(64);
        Span<double> row = stackalloc double[SentenceModel.Classes];
        for (var i = 0; i < segments.Count; i++)
        {
            SentenceFeatures.Extract(segments[i], i, segments.Count, features);
            model.Predict(features, row);
            for (var k = 0; k < SentenceModel.Classes; k++)
            {
                probabilities[i, k] = row[k];
            }
        }
    }
}
