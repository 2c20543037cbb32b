using System.Text;
using System.Text.RegularExpressions;
using StarBot.Core.Replies;

namespace StarBot.Terminal;

/// <summary>Renders a <see cref="Reply"/> for a terminal: headings in capitals, Markdown marks removed.</summary>
public static partial class PlainTextRenderer
{
    /// <summary>The reply with every line wrapped at word boundaries to <paramref name="width"/> columns.</summary>
    public static string Render(int width, Reply reply) => Wrap(Render(reply), width);

    /// <summary>
    /// Wraps each line at spaces; a continuation keeps the line's indent (and a list item's "- "), so lists stay
    /// readable. A word longer than the width stays whole on its own line.
    /// </summary>
    public static string Wrap(string text, int width)
    {
        var sb = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length <= width)
            {
                sb.Append(line).Append('\n');
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var hanging = new string(' ', Math.Min(width / 2, line.TrimStart() is ['-', ' ', ..] or ['[', _, ']', ' ', ..] ? indent + (line.TrimStart()[0] == '-' ? 2 : 4) : indent));
            var current = new StringBuilder(line[..indent]);
            var empty = true;
            foreach (var word in line[indent..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && current.Length + 1 + word.Length > width)
                {
                    sb.Append(current).Append('\n');
                    current.Clear().Append(hanging);
                    empty = true;
                }

                if (!empty)
                {
                    current.Append(' ');
                }

                current.Append(word);
                empty = false;
            }

            sb.Append(current).Append('\n');
        }

        return sb.ToString(0, sb.Length - 1);
    }

    public static string Render(Reply reply)
    {
        var sb = new StringBuilder();
        sb.Append("== ").Append(Plain(reply.Title)).Append(" ==").Append('\n');
        foreach (var block in reply.Blocks)
        {
            sb.Append('\n');
            switch (block)
            {
                case TextBlock text:
                    if (text.Heading is not null)
                    {
                        sb.Append(Plain(text.Heading).ToUpperInvariant()).Append('\n');
                    }

                    sb.Append(Plain(text.Text)).Append('\n');
                    break;
                case PartBlock part:
                    sb.Append(part.Part.ToString().ToUpperInvariant()).Append('\n').Append(Plain(part.Text)).Append('\n');
                    break;
                case ListBlock list:
                    sb.Append(Plain(list.Heading).ToUpperInvariant()).Append('\n');
                    foreach (var item in list.Items)
                    {
                        sb.Append("  - ").Append(Plain(item)).Append('\n');
                    }

                    break;
                case ChecklistBlock checklist:
                    foreach (var item in checklist.Items)
                    {
                        sb.Append(item.Status switch
                        {
                            PartStatus.Present => "  [x] ",
                            PartStatus.Weak => "  [~] ",
                            _ => "  [ ] ",
                        });
                        sb.Append(item.Part).Append(": ").Append(item.Status.ToString().ToLowerInvariant());
                        if (item.Evidence is not null)
                        {
                            sb.Append(" - \"").Append(Plain(item.Evidence)).Append('"');
                        }

                        if (item.Note is not null)
                        {
                            sb.Append(" (").Append(Plain(item.Note)).Append(')');
                        }

                        sb.Append('\n');
                    }

                    break;
            }
        }

        if (reply.Buttons.Count > 0)
        {
            sb.Append('\n').Append("Next: ").AppendJoin(" | ", reply.Buttons.Select(b => $"{b.Label} (type: {b.Command})")).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Removes the Markdown subset that Reply text uses.</summary>
    public static string Plain(string text) => Emphasis().Replace(text, "${inner}");

    [GeneratedRegex(@"(\*\*|__|(?<![\w*])_(?=\S))(?<inner>.+?)\1")]
    private static partial Regex Emphasis();
}
