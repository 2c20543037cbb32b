namespace StarBot.Core.Analysis;

/// <summary>
/// Scores segments with a trained <see cref="SentenceModel"/>. The four STAR probabilities are not renormalised:
/// a segment that is most likely no part at all ("I always try my best") counts as little evidence for any part.
/// </summary>
public sealed class TrainedSegmentScorer(SentenceModel model) : ISegmentScorer
{
    public void Score(IReadOnlyList<Segment> segments, double[,] probabilities)
    {
        var features = new List<int>(64);
        Span<double> row = stackalloc double[SentenceModel.Classes];
        for (var i = 0; i < segments.Count; i++)
        {
            SentenceFeatures.Extract(segments, i, features);
            model.Predict(features, row);
            for (var k = 0; k < 4; k++)
            {
                probabilities[i, k] = row[k];
            }
        }
    }
}
