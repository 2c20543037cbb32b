using System.Text.Json;
using System.Text.Json.Serialization;

namespace StarBot.Core.Analysis;

/// <summary>
/// The last step of deciding whether an answer has a part, fitted on answers real people wrote (bench
/// <c>calibrate</c>, from <c>bench/data/real/</c>). The presence model learns from the bundled training answers, which
/// are written for the purpose; on real answers its scores were too low for present parts (most complete answers
/// were told a part was missing). Per part, a small logistic regression maps a few robust inputs (the presence
/// model's belief, the strongest segment, a cue phrase, the answer's length) to a probability, and two cut-offs
/// turn it into a verdict: below <see cref="Missing"/> the part is missing, below <see cref="Solid"/> it is weak
/// (there may be one, but the evidence is thin), otherwise present.
/// </summary>
public sealed record PresenceCalibration
{
    public const int FeatureCount = 8;

    /// <summary>Per part, <see cref="FeatureCount"/> weights and then the bias.</summary>
    public required double[][] Weights { get; init; }

    /// <summary>Per part: a calibrated probability below this is "missing".</summary>
    public required double[] Missing { get; init; }

    /// <summary>Per part: a calibrated probability below this (and at or above <see cref="Missing"/>) is "weak".</summary>
    public required double[] Solid { get; init; }

    /// <summary>The training corpus the presence model was trained on when this was fitted (<see cref="TrainingCorpus.Hash"/>).</summary>
    public required string CorpusHash { get; init; }

    /// <summary>What it was fitted on, for people reading the file.</summary>
    public string FittedOn { get; init; } = "";

    /// <summary>Passes the presence model's probability through unchanged: used when no calibration matches the model.</summary>
    public static PresenceCalibration Identity(string corpusHash) => new()
    {
        Weights = [.. Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, FeatureCount + 1).Select(f => f == 0 ? 5.0 : 0).ToArray())],
        Missing = [0.5, 0.5, 0.5, 0.5],
        Solid = [0.75, 0.75, 0.75, 0.75],
        CorpusHash = corpusHash,
        FittedOn = "identity",
    };

    /// <summary>Whether it was fitted with today's inputs (a calibration saved with other features is stale, not usable).</summary>
    [JsonIgnore]
    public bool Fits => Weights.Length == 4 && Weights.All(w => w.Length == FeatureCount + 1) && Missing.Length == 4 && Solid.Length == 4;

    public double Probability(int part, ReadOnlySpan<double> features)
        => Logistic.Probability(Weights[part], features);

    /// <summary>The calibration inputs of one part of a scored answer (<paramref name="need"/> and <paramref name="share"/> from <see cref="PartNeed"/>).</summary>
    public static void Features(double rawPresence, double[,] p, IReadOnlyList<Segment> segments, int part, double need, double share, Span<double> features)
    {
        double max = 0;
        var cue = false;
        for (var i = 0; i < segments.Count; i++)
        {
            max = Math.Max(max, p[i, part]);
            cue = cue || PartCues.Has(part, segments[i].Text);
        }

        features[0] = Logistic.Logit(rawPresence);
        features[1] = Logistic.Logit(max);
        features[2] = cue ? 1 : 0;
        features[3] = Math.Log(1 + segments.Count) / 3;
        features[4] = Math.Log(1 + Math.Min(need, 50));
        features[5] = share;
        // Where the part sits: a context sentence first and an outcome last are what a reader expects.
        features[6] = segments.Count == 0 ? 0 : Logistic.Logit(p[0, part]);
        features[7] = segments.Count == 0 ? 0 : Logistic.Logit(p[segments.Count - 1, part]);
    }

    /// <summary>
    /// Weighted logistic regression per part by full-batch gradient descent: deterministic, and with four inputs it
    /// converges in a few hundred steps. Each class gets half the weight, as "missing" is the rarer case.
    /// </summary>
    public static double[][] FitWeights(IReadOnlyList<(double[] Features, int Part, bool Present, double Weight)> samples, double l2 = 1e-3, int steps = 600, double rate = 0.5)
    {
        var weights = new double[4][];
        for (var part = 0; part < 4; part++)
        {
            var mine = samples.Where(s => s.Part == part).ToList();
            var w = new double[FeatureCount + 1];
            w[0] = 5;
            var positive = mine.Where(s => s.Present).Sum(s => s.Weight);
            var negative = mine.Where(s => !s.Present).Sum(s => s.Weight);
            if (positive == 0 || negative == 0)
            {
                weights[part] = w;
                continue;
            }

            var gradient = new double[FeatureCount + 1];
            for (var step = 0; step < steps; step++)
            {
                Array.Clear(gradient);
                foreach (var (features, _, present, weight) in mine)
                {
                    var classWeight = present ? 0.5 / positive : 0.5 / negative;
                    var error = (Logistic.Probability(w, features) - (present ? 1 : 0)) * weight * classWeight;
                    for (var f = 0; f < FeatureCount; f++)
                    {
                        gradient[f] += error * features[f];
                    }

                    gradient[FeatureCount] += error;
                }

                for (var f = 0; f <= FeatureCount; f++)
                {
                    w[f] -= rate * (gradient[f] + (f < FeatureCount ? l2 * w[f] : 0));
                }
            }

            weights[part] = w;
        }

        return weights;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static PresenceCalibration? FromJson(string json) => JsonSerializer.Deserialize<PresenceCalibration>(json, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

}
