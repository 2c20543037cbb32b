namespace StarBot.Core.Analysis;

/// <summary>
/// Multinomial logistic regression over hashed sentence features: for one segment, the probability of each STAR
/// part and of being no part at all (filler, "I am a hard worker", a digression). Small, deterministic (fixed shuffle seed), and trained in well under a second on the bundled corpus.
/// </summary>
public sealed class SentenceModel
{
    /// <summary>Situation, Task, Action, Result, and other.</summary>
    public const int Classes = 5;

    private readonly float[] _weights;

    private SentenceModel(float[] weights) => _weights = weights;

    /// <summary>Writes the non-zero rows only: most hashed features never occur.</summary>
    public void Write(BinaryWriter writer)
    {
        var rows = Enumerable.Range(0, SentenceFeatures.Size).Where(f => Enumerable.Range(0, Classes).Any(k => _weights[(k * SentenceFeatures.Size) + f] != 0)).ToList();
        writer.Write(SentenceFeatures.Bits);
        writer.Write(rows.Count);
        foreach (var f in rows)
        {
            writer.Write(f);
            for (var k = 0; k < Classes; k++)
            {
                writer.Write(_weights[(k * SentenceFeatures.Size) + f]);
            }
        }
    }

    public static SentenceModel Read(BinaryReader reader)
    {
        if (reader.ReadInt32() != SentenceFeatures.Bits)
        {
            throw new InvalidDataException("sentence model was saved with another feature size");
        }

        var weights = new float[Classes * SentenceFeatures.Size];
        var rows = reader.ReadInt32();
        for (var r = 0; r < rows; r++)
        {
            var f = reader.ReadInt32();
            for (var k = 0; k < Classes; k++)
            {
                weights[(k * SentenceFeatures.Size) + f] = reader.ReadSingle();
            }
        }

        return new SentenceModel(weights);
    }

    public void Predict(List<int> features, Span<double> probabilities) => Probabilities(_weights, features, probabilities);

    /// <summary>The shuffle seed of the shipped model.</summary>
    public const int DefaultSeed = 17;

    public static SentenceModel Train(IReadOnlyList<(int[] Features, int Label)> samples, int epochs = 8, double rate = 0.1, double l2 = 1e-4, int seed = DefaultSeed)
    {
        var weights = new float[Classes * SentenceFeatures.Size];
        // AdaGrad: rare features (most words) keep a larger step than the bias and position features.
        var squares = new float[weights.Length];
        var counts = new int[Classes];
        foreach (var (_, label) in samples)
        {
            counts[label]++;
        }

        // Balance the parts: answers have many more Action sentences than Task sentences.
        var classWeight = counts.Select(c => c == 0 ? 0 : samples.Count / (double)(Classes * c)).ToArray();
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var random = new Random(seed);
        Span<double> probabilities = stackalloc double[Classes];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                var (features, label) = samples[i];
                Probabilities(weights, features, probabilities);
                for (var k = 0; k < Classes; k++)
                {
                    var gradient = (probabilities[k] - (k == label ? 1 : 0)) * classWeight[label];
                    var offset = k * SentenceFeatures.Size;
                    foreach (var f in features)
                    {
                        var w = offset + f;
                        var g = gradient + (l2 * weights[w]);
                        squares[w] += (float)(g * g);
                        weights[w] -= (float)(rate * g / Math.Sqrt(squares[w] + 1e-8));
                    }
                }
            }
        }

        return new SentenceModel(weights);
    }

    /// <summary>Softmax over the summed weights of the features: the one scoring path of training and prediction.</summary>
    private static void Probabilities(float[] weights, IReadOnlyList<int> features, Span<double> probabilities)
    {
        Span<double> scores = stackalloc double[Classes];
        for (var k = 0; k < Classes; k++)
        {
            var offset = k * SentenceFeatures.Size;
            var sum = 0.0;
            for (var i = 0; i < features.Count; i++)
            {
                sum += weights[offset + features[i]];
            }

            scores[k] = sum;
        }

        Softmax(scores, probabilities);
    }

    private static void Softmax(ReadOnlySpan<double> scores, Span<double> probabilities)
    {
        var max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var total = 0.0;
        for (var k = 0; k < scores.Length; k++)
        {
            probabilities[k] = Math.Exp(scores[k] - max);
            total += probabilities[k];
        }

        for (var k = 0; k < scores.Length; k++)
        {
            probabilities[k] /= total;
        }
    }
}
