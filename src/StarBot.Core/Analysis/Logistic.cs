namespace StarBot.Core.Analysis;

/// <summary>
/// The logistic pieces the presence model and its calibration share: one weight per feature with the bias last, and
/// the squashed log-odds their features use.
/// </summary>
internal static class Logistic
{
    /// <summary>The sigmoid of the bias (the last weight) plus the weighted features.</summary>
    public static double Probability(double[] weights, ReadOnlySpan<double> features)
    {
        var count = weights.Length - 1;
        var z = weights[count];
        for (var f = 0; f < count; f++)
        {
            z += weights[f] * features[f];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Log-odds, kept finite at 0 and 1 and scaled to about ±2, so a near-certain score does not swamp the rest.</summary>
    public static double Logit(double p) => Math.Log((p + 1e-4) / (1 - p + 1e-4)) / 5;
}
