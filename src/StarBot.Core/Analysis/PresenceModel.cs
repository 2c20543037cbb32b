namespace StarBot.Core.Analysis;

/// <summary>
/// Decides, for each part, whether an answer has it at all, from how the segment scores are spread over the
/// answer (strongest segment, runner-up, share of segments, decoded run length, position). A long answer always
/// has some segment that looks a little like a Task; this model learns how much "a little" is worth. It is trained
/// on out-of-fold scores of answers with parts deliberately removed, so its inputs look like unseen answers'.
/// </summary>
public sealed class PresenceModel
{
    public const int FeatureCount = 12;

    private readonly double[][] _weights;

    private PresenceModel(double[][] weights) => _weights = weights;

    public void Write(BinaryWriter writer)
    {
        writer.Write(FeatureCount);
        foreach (var w in _weights.SelectMany(row => row))
        {
            writer.Write(w);
        }
    }

    public static PresenceModel Read(BinaryReader reader)
    {
        if (reader.ReadInt32() != FeatureCount)
        {
            throw new InvalidDataException("presence model was saved with another feature count");
        }

        var weights = new double[4][];
        for (var part = 0; part < 4; part++)
        {
            weights[part] = new double[FeatureCount + 1];
            for (var f = 0; f <= FeatureCount; f++)
            {
                weights[part][f] = reader.ReadDouble();
            }
        }

        return new PresenceModel(weights);
    }

    public double Probability(int part, ReadOnlySpan<double> features)
        => Logistic.Probability(_weights[part], features);

    /// <summary>The features of one part in one scored answer.</summary>
    public static void Features(double[,] p, int[] path, int n, int part, Span<double> features)
    {
        double max = 0, second = 0, sum = 0, assignedMax = 0;
        var assigned = 0;
        var argmax = 0;
        var firstAt = -1;
        for (var i = 0; i < n; i++)
        {
            var v = p[i, part];
            sum += v;
            if (v > max)
            {
                second = max;
                max = v;
            }
            else if (v > second)
            {
                second = v;
            }

            if (path[i] == part)
            {
                assigned++;
                assignedMax = Math.Max(assignedMax, v);
                firstAt = firstAt < 0 ? i : firstAt;
            }

            var best = 0;
            for (var k = 1; k < 4; k++)
            {
                if (p[i, k] > p[i, best])
                {
                    best = k;
                }
            }

            argmax += best == part ? 1 : 0;
        }

        features[0] = max;
        features[1] = second;
        features[2] = n == 0 ? 0 : sum / n;
        features[3] = n == 0 ? 0 : argmax / (double)n;
        features[4] = Math.Log(1 + assigned);
        features[5] = assignedMax;
        features[6] = Math.Log(1 + n);
        features[7] = n == 0 ? 0 : p[0, part];
        features[8] = n == 0 ? 0 : p[n - 1, part];
        features[9] = firstAt < 0 ? -1 : n <= 1 ? 0 : firstAt / (double)(n - 1);
        features[10] = Logistic.Logit(max);
        features[11] = Logistic.Logit(assignedMax);
    }

    public static PresenceModel Train(IReadOnlyList<(double[] Features, int Part, bool Present)> samples, int epochs = 60, double rate = 0.05, double l2 = 1e-4)
    {
        var weights = new double[4][];
        for (var part = 0; part < 4; part++)
        {
            var w = new double[FeatureCount + 1];
            var mine = samples.Where(s => s.Part == part).ToList();
            var positives = mine.Count(s => s.Present);
            var positiveWeight = positives == 0 ? 1 : mine.Count / (2.0 * positives);
            var negativeWeight = positives == mine.Count ? 1 : mine.Count / (2.0 * (mine.Count - positives));
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                var step = rate / (1 + (epoch * 0.1));
                foreach (var (features, _, present) in mine)
                {
                    var error = (Logistic.Probability(w, features) - (present ? 1 : 0)) * (present ? positiveWeight : negativeWeight);
                    for (var f = 0; f < FeatureCount; f++)
                    {
                        w[f] -= step * ((error * features[f]) + (l2 * w[f]));
                    }

                    w[FeatureCount] -= step * error;
                }
            }

            weights[part] = w;
        }

        return new PresenceModel(weights);
    }
}
