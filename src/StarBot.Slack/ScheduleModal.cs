using System.Text.Json;
using System.Text.Json.Nodes;

namespace StarBot.Slack;

/// <summary>
/// The question-of-the-day modal that <c>/star schedule</c> with no arguments opens. Its submission is turned
/// into the same <c>schedule daily …</c> command the chat accepts, so there is one way to set a schedule.
/// </summary>
public static class ScheduleModal
{
    public const string CallbackId = "star.schedule";

    public static JsonObject View(string channelId) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = CallbackId,
        ["private_metadata"] = channelId,
        ["title"] = Plain("Question of the day"),
        ["submit"] = Plain("Save"),
        ["close"] = Plain("Cancel"),
        ["blocks"] = new JsonArray(
            Input("time", "Time (24-hour)", new JsonObject { ["type"] = "timepicker", ["action_id"] = "time", ["initial_time"] = "09:00" }),
            Input("zone", "Time zone (IANA, e.g. Europe/Berlin, America/New_York, UTC)", new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "zone", ["initial_value"] = "UTC" }),
            Input("days", "Days", new JsonObject
            {
                ["type"] = "radio_buttons",
                ["action_id"] = "days",
                ["initial_option"] = Option("Weekdays", "weekdays"),
                ["options"] = new JsonArray(Option("Weekdays", "weekdays"), Option("Every day", "every day")),
            }),
            Input("topic", "Topic (optional: a competency or any words)", new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "topic" }, optional: true)),
    };

    /// <summary>The chat command a submission stands for, and the channel it is for; null when the payload is not ours.</summary>
    public static (string Channel, string Command)? Read(JsonElement payload)
    {
        if (!payload.TryGetProperty("view", out var view) || SlackTranslator.Str(view, "callback_id") != CallbackId
            || SlackTranslator.Str(view, "private_metadata") is not { Length: > 0 } channel
            || !view.TryGetProperty("state", out var state) || !state.TryGetProperty("values", out var values))
        {
            return null;
        }

        var time = Value(values, "time", "selected_time") ?? "";
        var zone = Value(values, "zone", "value") ?? "";
        var days = values.TryGetProperty("days", out var d) && d.TryGetProperty("days", out var radio) && radio.TryGetProperty("selected_option", out var option)
            ? SlackTranslator.Str(option, "value") ?? "weekdays"
            : "weekdays";
        var topic = Value(values, "topic", "value");
        return (channel, $"schedule daily {time} {zone.Trim()} {days} {topic}".Trim());
    }

    private static string? Value(JsonElement values, string block, string field) =>
        values.TryGetProperty(block, out var b) && b.TryGetProperty(block, out var element) ? SlackTranslator.Str(element, field) : null;

    private static JsonObject Input(string id, string label, JsonObject element, bool optional = false) => new()
    {
        ["type"] = "input",
        ["block_id"] = id,
        ["optional"] = optional,
        ["label"] = Plain(label),
        ["element"] = element,
    };

    private static JsonObject Option(string text, string value) => new() { ["text"] = Plain(text), ["value"] = value };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}
