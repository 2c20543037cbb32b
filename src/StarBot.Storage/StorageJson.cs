using System.Text.Json;
using System.Text.Json.Serialization;

namespace StarBot.Storage;

/// <summary>How replies, inbound messages and verdicts are stored as JSON: one set of options for every store.</summary>
internal static class StorageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"stored {typeof(T).Name} is empty");
}
