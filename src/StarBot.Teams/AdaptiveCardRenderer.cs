using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using StarBot.Core.Replies;

namespace StarBot.Teams;

/// <summary>
/// Renders a <see cref="Reply"/> as an Adaptive Card (schema 1.5, which Teams desktop, web and mobile all show),
/// built as JSON: the AdaptiveCards object model is not available here, and JSON is what Teams receives anyway.
/// Buttons are <c>Action.Submit</c> whose data carries the chat command they stand for.
/// </summary>
public static class AdaptiveCardRenderer
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The card as the Bot Framework SDK takes attachment content and invoke responses (Newtonsoft's JSON).</summary>
    public static JObject RenderForSdk(Reply reply) => JObject.Parse(Render(reply).ToJsonString());

    public static JsonObject Render(Reply reply)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = reply.Title, ["size"] = "Medium", ["weight"] = "Bolder", ["wrap"] = true },
        };
        foreach (var block in reply.Blocks)
        {
            switch (block)
            {
                case TextBlock text:
                    if (text.Heading is not null)
                    {
                        body.Add(Heading(text.Heading));
                    }

                    body.Add(Text(text.Text));
                    break;
                case PartBlock part:
                    body.Add(Heading(part.Part.ToString()));
                    body.Add(Text(part.Text));
                    break;
                case ListBlock list:
                    body.Add(Heading(list.Heading));
                    body.Add(Text(string.Join("\n", list.Items.Select(i => "- " + i))));
                    break;
                case ChecklistBlock checklist:
                    body.Add(new JsonObject
                    {
                        ["type"] = "FactSet",
                        ["facts"] = new JsonArray([.. checklist.Items.Select(i => (JsonNode)new JsonObject
                        {
                            ["title"] = $"{Mark(i.Status)} {i.Part}",
                            ["value"] = i.Status.ToString().ToLowerInvariant() + (i.Evidence is null ? "" : $": \"{i.Evidence}\""),
                        })]),
                    });
                    break;
            }
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
        };
        if (reply.Buttons.Count > 0)
        {
            card["actions"] = new JsonArray([.. reply.Buttons.Select(b => (JsonNode)new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = b.Label,
                ["data"] = new JsonObject { ["command"] = b.Command },
            })]);
        }

        return card;
    }

    private static string Mark(PartStatus status) => status switch
    {
        PartStatus.Present => "\u2705",
        PartStatus.Weak => "\U0001F7E1",
        _ => "\u274C",
    };

    private static JsonObject Heading(string text) => new() { ["type"] = "TextBlock", ["text"] = text, ["weight"] = "Bolder", ["spacing"] = "Medium", ["wrap"] = true };

    private static JsonObject Text(string text) => new() { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
}
