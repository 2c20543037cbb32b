using System.Text.Json;
using System.Text.Json.Serialization;
using StarBot.Core.Content;

namespace StarBot.Cli;

/// <summary>What every verb gets: its streams, configuration, and the content library loaded once on demand.</summary>
public sealed class CliContext(TextReader input, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? overrides = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private ContentLibrary? _library;

    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public Microsoft.Extensions.Configuration.IConfigurationRoot Configuration { get; } = AppConfiguration.Build(overrides);

    /// <summary>The content library; throws <see cref="ContentException"/> listing every broken file.</summary>
    public ContentLibrary Library => _library ??= ContentLoader.Load(AppConfiguration.ContentPath(Configuration)).OrThrow();

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
