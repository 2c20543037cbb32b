using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Slack;

/// <summary>
/// Renders a <see cref="Reply"/> as Block Kit, inside Slack's limits: long text is split over several sections
/// rather than refused, and a reply with more blocks than a message allows keeps the first ones and says so.
/// </summary>
public static partial class BlockKit
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;
    public const int MaxButtonText = 75;
    public const int MaxButtonValue = 2000;
    public const int MaxFallbackText = 3000;

    public static (string Text, JsonArray Blocks) Render(Reply reply)
    {
        var blocks = new List<JsonObject>();
        if (reply.Title.Contains("<@", StringComparison.Ordinal))
        {
            // A header is plain text: a user mention in the title would show as raw <@U…>, so use bold mrkdwn.
            blocks.AddRange(Sections($"*{Escape(reply.Title)}*"));
        }
        else
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(reply.Title, MaxHeaderText), ["emoji"] = true },
            });
        }

        foreach (var block in reply.Blocks)
        {
            var text = block switch
            {
                TextBlock t => (t.Heading is null ? "" : $"*{Escape(t.Heading)}*\n") + Mrkdwn(t.Text),
                PartBlock p => $"*{p.Part}*\n{Mrkdwn(p.Text)}",
                ListBlock l => $"*{Escape(l.Heading)}*\n" + string.Join('\n', l.Items.Select(i => "• " + Mrkdwn(i))),
                ChecklistBlock c => string.Join('\n', c.Items.Select(Checklist)),
                _ => "",
            };
            if (text.Length > 0)
            {
                blocks.AddRange(Sections(text));
            }
        }

        if (reply.Buttons.Count > 0)
        {
            var buttons = new JsonArray();
            var i = 0;
            foreach (var button in reply.Buttons.Where(b => b.Command.Length <= MaxButtonValue).Take(25))
            {
                buttons.Add(new JsonObject
                {
                    ["type"] = "button",
                    ["action_id"] = $"star.command.{i++}",
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(button.Label, MaxButtonText), ["emoji"] = true },
                    ["value"] = button.Command,
                });
            }

            blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = "star.actions", ["elements"] = buttons });
        }

        if (blocks.Count > MaxBlocks)
        {
            var actions = blocks[^1]["type"]?.GetValue<string>() == "actions" ? blocks[^1] : null;
            var keep = MaxBlocks - 1 - (actions is null ? 0 : 1);
            blocks = [.. blocks.Take(keep), Context("The rest did not fit in one message."), .. actions is null ? [] : new[] { actions }];
        }

        var fallback = Truncate(PlainText(reply), MaxFallbackText);
        return (fallback, new JsonArray([.. blocks]));
    }

    /// <summary>Slack's mrkdwn from the Reply subset: <c>**bold**</c> becomes <c>*bold*</c>; &amp;, &lt; and &gt; are escaped, user mentions kept.</summary>
    public static string Mrkdwn(string text) => Bold().Replace(Escape(text), "*${inner}*");

    public static string Escape(string text) =>
        Mention().Replace(text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal), "<@${id}>");

    private static string Checklist(ChecklistItem item)
    {
        var mark = item.Status switch
        {
            PartStatus.Present => ":white_check_mark:",
            PartStatus.Weak => ":large_yellow_circle:",
            _ => ":x:",
        };
        var line = $"{mark} *{item.Part}*: {item.Status.ToString().ToLowerInvariant()}";
        if (item.Evidence is { } evidence)
        {
            line += $" - _\"{Escape(evidence)}\"_";
        }

        return line;
    }

    /// <summary>Text over the section limit is split at line, then word, boundaries.</summary>
    private static IEnumerable<JsonObject> Sections(string text)
    {
        foreach (var chunk in Split(text, MaxSectionText))
        {
            yield return new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = chunk } };
        }
    }

    internal static IEnumerable<string> Split(string text, int max)
    {
        while (text.Length > max)
        {
            var cut = text.LastIndexOf('\n', max - 1);
            if (cut < max / 2)
            {
                cut = text.LastIndexOf(' ', max - 1);
            }

            if (cut < max / 2)
            {
                cut = max;
            }

            yield return text[..cut];
            text = text[cut..].TrimStart('\n', ' ');
        }

        if (text.Length > 0)
        {
            yield return text;
        }
    }

    private static JsonObject Context(string text) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = text }),
    };

    private static string PlainText(Reply reply)
    {
        var sb = new StringBuilder(reply.Title);
        foreach (var block in reply.Blocks)
        {
            sb.Append('\n').Append(block switch
            {
                TextBlock t => t.Text,
                PartBlock p => $"{p.Part}: {p.Text}",
                ListBlock l => l.Heading + ": " + string.Join("; ", l.Items),
                ChecklistBlock c => string.Join("; ", c.Items.Select(i => $"{i.Part} {i.Status.ToString().ToLowerInvariant()}")),
                _ => "",
            });
        }

        return Bold().Replace(sb.ToString(), "${inner}");
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex(@"\*\*(?<inner>.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"&lt;@(?<id>[UW][A-Z0-9]+)&gt;")]
    private static partial Regex Mention();
}
