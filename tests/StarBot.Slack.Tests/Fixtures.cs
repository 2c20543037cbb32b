using System.Text.Json;
using StarBot.Testing;

namespace StarBot.Slack.Tests;

/// <summary>Slack's payloads from tests/data/slack (copied from the shared protocol fixtures).</summary>
internal static class Fixtures
{
    public const string BotUserId = "U0STARBOT1";

    public static string Text(string relative) => File.ReadAllText(RepoPaths.TestData("slack", relative)).Trim();

    public static JsonElement Json(string relative) => JsonDocument.Parse(Text(relative)).RootElement;
}
