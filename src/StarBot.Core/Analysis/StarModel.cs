using StarBot.Core.Content;

namespace StarBot.Core.Analysis;

/// <summary>
/// The trained pieces of the analyzer: per-segment part scores and per-answer part presence (both learnt from the
/// bundled corpus), and the presence calibration fitted on real answers (<see cref="PresenceCalibration"/>).
/// </summary>
public sealed class StarModel(SentenceModel sentences, PresenceModel presence, PresenceCalibration? calibration = null)
{
    /// <summary>Name of the embedded, pre-trained model (written by <c>bench train</c>).</summary>
    public const string ResourceName = "StarBot.Core.Analysis.Model.star-model.bin";

    /// <summary>Name of the embedded calibration (written by <c>bench calibrate</c>).</summary>
    public const string CalibrationResourceName = "StarBot.Core.Analysis.Model.calibration.json";

    /// <summary>
    /// Bump when features or training change in a way the corpus hash cannot see; a stale shipped model is then
    /// ignored (and a test fails) rather than silently used.
    /// </summary>
    public const int FormatVersion = 4;

    private static readonly Lazy<StarModel> Shared = new(LoadShippedOrTrain);

    /// <summary>
    /// The model for the bundled corpus. Training takes seconds, so the assembly ships the trained weights and
    /// uses them when they were made from exactly the bundled corpus; otherwise it trains, once per process.
    /// </summary>
    public static StarModel Default => Shared.Value;

    /// <summary>Whether <see cref="Default"/> came from the shipped weights (false: trained at start-up).</summary>
    public static bool DefaultIsShipped { get; private set; }

    public void Write(Stream stream, string corpusHash)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write("STARMODEL");
        writer.Write(FormatVersion);
        writer.Write(corpusHash);
        Sentences.Write(writer);
        Presence.Write(writer);
    }

    /// <summary>Reads a saved model; null when it was made from another corpus or format.</summary>
    public static StarModel? Read(Stream stream, string corpusHash)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != "STARMODEL" || reader.ReadInt32() != FormatVersion || reader.ReadString() != corpusHash)
        {
            return null;
        }

        return new StarModel(SentenceModel.Read(reader), PresenceModel.Read(reader));
    }

    private static StarModel LoadShippedOrTrain()
    {
        using var stream = typeof(StarModel).Assembly.GetManifestResourceStream(ResourceName);
        var hash = TrainingCorpus.Hash();
        var model = stream is not null && Read(stream, hash) is { } shipped ? shipped : null;
        DefaultIsShipped = model is not null;
        model ??= Train(TrainingCorpus.Load());
        return model.WithCalibration(ShippedCalibration(hash));
    }

    /// <summary>
    /// The shipped calibration when it was fitted on this corpus's presence model; otherwise none (the presence
    /// model's own probabilities), and <see cref="DefaultIsCalibrated"/> says so.
    /// </summary>
    public static PresenceCalibration ShippedCalibration(string corpusHash)
    {
        using var stream = typeof(StarModel).Assembly.GetManifestResourceStream(CalibrationResourceName);
        if (stream is not null)
        {
            using var reader = new StreamReader(stream);
            if (PresenceCalibration.FromJson(reader.ReadToEnd()) is { } calibration && calibration.CorpusHash == corpusHash && calibration.Fits)
            {
                DefaultIsCalibrated = true;
                return calibration;
            }
        }

        DefaultIsCalibrated = false;
        return PresenceCalibration.Identity(corpusHash);
    }

    /// <summary>Whether <see cref="Default"/> uses a calibration fitted for its presence model.</summary>
    public static bool DefaultIsCalibrated { get; private set; }

    public StarModel WithCalibration(PresenceCalibration calibration) => new(Sentences, Presence, calibration);

    public PresenceCalibration Calibration { get; } = calibration ?? PresenceCalibration.Identity("");

    public SentenceModel Sentences { get; } = sentences;

    public PresenceModel Presence { get; } = presence;

    /// <summary>
    /// Trains the sentence model on all answers, and the presence model on out-of-fold scores: each fold's answers
    /// are scored by a sentence model that never saw them, in every layout, whole and with one or two parts removed.
    /// </summary>
    /// <param name="seed">The sentence model's shuffle seed: the shipped model uses the default; other seeds show how much a
    /// figure moves with the order of training alone (bench <c>eval --real --seeds N</c>).</param>
    public static StarModel Train(IReadOnlyList<TrainingAnswer> answers, int folds = 4, int seed = SentenceModel.DefaultSeed)
    {
        var presenceSamples = new List<(double[], int, bool)>();
        var all = Enum.GetValues<StarPart>();
        var removals = new List<StarPart[]> { Array.Empty<StarPart>() };
        removals.AddRange(all.Select(p => new[] { p }));
        removals.AddRange(from a in all from b in all where a < b select new[] { a, b });
        for (var fold = 0; fold < folds; fold++)
        {
            var f = fold;
            var model = SentenceModel.Train(TrainingCorpus.SentenceSamples(answers.Where((_, i) => i % folds != f)), seed: seed);
            var scorer = new TrainedSegmentScorer(model);
            foreach (var answer in answers.Where((_, i) => i % folds == f))
            {
                foreach (var layout in new[] { TrainingCorpus.Layout.Paragraphs, TrainingCorpus.Layout.Prose, TrainingCorpus.Layout.Short })
                {
                    foreach (var removed in removals)
                    {
                        var labelled = TrainingCorpus.Render(answer, layout, removed);
                        if (labelled.Count == 0)
                        {
                            continue;
                        }

                        var segments = labelled.Select(l => l.Segment).ToList();
                        var p = new double[segments.Count, 4];
                        scorer.Score(segments, p);
                        var path = PartSequenceDecoder.Decode(p, segments.Count);
                        foreach (var part in all)
                        {
                            var features = new double[PresenceModel.FeatureCount];
                            PresenceModel.Features(p, path, segments.Count, (int)part, features);
                            presenceSamples.Add((features, (int)part, labelled.Any(l => l.Part == (int)part)));
                        }
                    }
                }
            }
        }

        return new StarModel(SentenceModel.Train(TrainingCorpus.SentenceSamples(answers), seed: seed), PresenceModel.Train(presenceSamples));
    }
}
