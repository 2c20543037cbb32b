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
            // Left empty, the zone of whoever saves the form is taken (their Slack profile's), as with the chat command.
            Input("zone", "Time zone (IANA, e.g. Europe/Berlin; leave empty for yours)", new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "zone" }, optional: true),
            Input("days", "Days", new JsonObject
            {
                ["type"] = "radio_buttons",
                ["action_id"] = "days",
                ["initial_option"] = Option("Weekdays", "weekdays"),
                ["options"] = new JsonArray(Option("Weekdays", "weekdays"), Option("Every day", "every day")),
            }),
            Input("topic", "Topic (optional: a competency or any words)", new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "topic" }, optional: true)),
    };

    /// <summary>
    /// The chat command a submission stands for and the channel it is for; null when the payload is not ours, and
    /// a short reason instead when it is ours but its values do not have the form's shapes. <c>ZoneProblem</c>: the zone
    /// field holds something that is no time zone; the command could read a word without a slash as a topic, so
    /// the field says it instead.
    /// </summary>
    public static ((string Channel, string Command, string? ZoneProblem)? Submission, string? Malformed) Read(JsonElement payload)
    {
        if (Child(payload, "view") is not { } view || SlackTranslator.Str(view, "callback_id") != CallbackId)
        {
            return (null, null);
        }

        if (SlackTranslator.Str(view, "private_metadata") is not { Length: > 0 } channel)
        {
            return (null, "view.private_metadata must name the channel");
        }

        if (Child(view, "state") is not { } state || Child(state, "values") is not { } values)
        {
            return (null, "view.state.values must be an object");
        }

        string? problem = null;
        var time = Field(values, "time", "selected_time", ref problem) ?? "";
        var zone = Field(values, "zone", "value", ref problem) ?? "";
        var topic = Field(values, "topic", "value", ref problem);
        var days = "weekdays";
        if (values.TryGetProperty("days", out _))
        {
            if (Child(values, "days") is not { } d || !d.TryGetProperty("days", out var radio) || radio.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                problem ??= "days must be a radio_buttons value";
            }
            else if (Child(radio, "selected_option") is { } option)
            {
                days = SlackTranslator.Str(option, "value") ?? days;
            }
        }

        zone = zone.Trim();
        var zoneProblem = zone.Length > 0 && !StarBot.Core.Scheduling.ScheduleParser.TryFindZone(zone, out _) ? StarBot.Core.Scheduling.ScheduleParser.ZoneProblem(zone) : null;
        return problem is not null ? (null, problem) : ((channel, $"schedule daily {time} {zone} {days} {topic}".Trim(), zoneProblem), null);
    }

    /// <summary>
    /// An input's value: <c>values[block][block][field]</c>, each level an object and the value a string or null;
    /// a block that is absent is an optional input left empty.
    /// </summary>
    private static string? Field(JsonElement values, string block, string field, ref string? problem)
    {
        if (!values.TryGetProperty(block, out _))
        {
            return null;
        }

        if (Child(values, block) is not { } b || Child(b, block) is not { } element
            || (element.TryGetProperty(field, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            problem ??= $"{block} must be an input whose {field} is a string";
            return null;
        }

        return SlackTranslator.Str(element, field);
    }

    /// <summary>A property that is an object, or null (absent, or of another type).</summary>
    private static JsonElement? Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

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
