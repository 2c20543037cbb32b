using System.Text.Json;

namespace StarBot.Web;

/// <summary>
/// Parses a request body (or a field of one) that must be a JSON object, and checks it before anything reads it:
/// JSON allows string escapes that are not Unicode (a lone surrogate such as <c>"\ud800"</c>), which
/// <see cref="JsonElement.GetString"/> refuses with an exception deep inside whatever reads the string later.
/// </summary>
internal static class JsonBody
{
    /// <summary>The object, or why <paramref name="what"/> is not one (a short reason for a 400).</summary>
    public static (JsonElement Root, string? Problem) ParseObject(ReadOnlyMemory<byte> json, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Check(document.RootElement.Clone(), what);
        }
        catch (JsonException)
        {
            return (default, $"{what} is not JSON");
        }
    }

    /// <inheritdoc cref="ParseObject(ReadOnlyMemory{byte}, string)"/>
    public static (JsonElement Root, string? Problem) ParseObject(string json, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Check(document.RootElement.Clone(), what);
        }
        catch (JsonException)
        {
            return (default, $"{what} is not JSON");
        }
    }

    private static (JsonElement Root, string? Problem) Check(JsonElement root, string what) =>
        root.ValueKind != JsonValueKind.Object ? (default, $"{what} is not a JSON object")
        : !IsText(root) ? (default, $"{what} holds a string that is not valid Unicode (a lone surrogate escape)")
        : (root, null);

    /// <summary>Whether every string and property name in <paramref name="element"/> decodes.</summary>
    private static bool IsText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!IsText(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!IsText(item))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
