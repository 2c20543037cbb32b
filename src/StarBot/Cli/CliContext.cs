using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Cli;

/// <summary>What every verb gets: its streams, configuration, and the content library loaded once on demand.</summary>
public sealed class CliContext(TextReader input, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? overrides = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Answers quote people's words: keep their apostrophes and quotes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private ContentLibrary? _library;
    private IStarAnalyzer? _analyzer;

    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    private Microsoft.Extensions.Configuration.IConfigurationRoot? _configuration;

    /// <summary>The configuration the service would run with; built on first use, so that a bad source is reported as a configuration error.</summary>
    public Microsoft.Extensions.Configuration.IConfigurationRoot Configuration => _configuration ??= AppConfiguration.Build(overrides: overrides);

    /// <summary>Settings given in code (tests), passed on to the service host.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; } = overrides ?? new Dictionary<string, string?>();

    /// <summary>The content library; throws <see cref="ContentException"/> listing every broken file.</summary>
    public ContentLibrary Library => _library ??= ContentLoader.Load(AppConfiguration.ContentPath(Configuration)).OrThrow();

    /// <summary>The analyzer; created on first use, since training its model takes a moment.</summary>
    public IStarAnalyzer Analyzer => _analyzer ??= new StarAnalyzer();

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
