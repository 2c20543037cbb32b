using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Core.Tests.Analysis;

public sealed class StarModelTests
{
    private static readonly string[] Probes =
    [
        "We had a slow build. I had to fix it. I cached dependencies and split the tests. Build time went from 40 to 12 minutes.",
        "- prod disk filling up\n- wrote cleanup job\n- disk at 40% now",
        "Situation: I was new. Action: I asked questions.",
        "so basically nobody owned the flaky tests and honestly it was on me, I spent a week on it and we never saw them again",
    ];

    [Fact]
    public void The_shipped_weights_are_what_the_bundled_corpus_trains_to()
    {
        // Fails when the corpus, the features or the training changed without `bench train` being run again.
        var shipped = new StarAnalyzer();
        var fresh = new StarAnalyzer(StarModel.Train(TrainingCorpus.Load()), StarModel.Default.Calibration);

        Assert.True(StarModel.DefaultIsShipped, "the shipped model was not used: run `dotnet run -c Release --project bench/StarBot.Bench -- train`");
        Assert.True(StarModel.DefaultIsCalibrated, "the shipped calibration was fitted for another corpus: run `bench real-set rebuild`, then `bench calibrate`");
        foreach (var probe in Probes)
        {
            var a = fresh.Analyze(probe);
            var b = shipped.Analyze(probe);
            foreach (var part in Enum.GetValues<StarPart>())
            {
                Assert.Equal(a[part].Status, b[part].Status);
                Assert.Equal(a[part].Confidence, b[part].Confidence, 2);
            }
        }
    }

    [Fact]
    public void A_model_saved_for_another_corpus_is_refused()
    {
        using var stream = new MemoryStream();
        StarModel.Default.Write(stream, "some-other-corpus");
        stream.Position = 0;

        Assert.Null(StarModel.Read(stream, TrainingCorpus.Hash()));
    }

    [Fact]
    public void A_calibration_saved_with_other_inputs_does_not_fit()
    {
        var shipped = StarModel.Default.Calibration;
        var older = shipped with { Weights = [.. shipped.Weights.Select(w => w[..^1])] };

        Assert.True(shipped.Fits);
        Assert.False(PresenceCalibration.FromJson(older.ToJson())!.Fits);
        Assert.Equal(shipped.Missing, PresenceCalibration.FromJson(shipped.ToJson())!.Missing);
    }

    [Fact]
    public void The_corpus_is_large_and_has_answers_with_parts_left_out()
    {
        var corpus = TrainingCorpus.Load();

        Assert.True(corpus.Count >= 150, $"{corpus.Count} training answers");
        Assert.All(Enum.GetValues<StarPart>(), part => Assert.Contains(corpus, a => !a.Has(part)));
    }
}
