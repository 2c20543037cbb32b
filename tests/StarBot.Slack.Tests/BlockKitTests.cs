using System.Text.Json.Nodes;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Slack.Tests;

public sealed class BlockKitTests
{
    [Fact]
    public void An_example_renders_a_header_one_section_per_part_and_buttons()
    {
        var reply = new Reply
        {
            Title = "Example answer",
            Blocks = [new PartBlock(StarPart.Situation, "We were **late**."), new PartBlock(StarPart.Result, "We shipped <on time> & happy.")],
            Buttons = [new ReplyButton("Practise this question", "practice led-without-authority")],
        };

        var (text, blocks) = BlockKit.Render(reply);

        Assert.Equal("header", blocks[0]!["type"]!.GetValue<string>());
        Assert.Equal("*Situation*\nWe were *late*.", blocks[1]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("*Result*\nWe shipped &lt;on time&gt; &amp; happy.", blocks[2]!["text"]!["text"]!.GetValue<string>());
        var button = blocks[3]!["elements"]![0]!;
        Assert.Equal(("button", "practice led-without-authority"), (button["type"]!.GetValue<string>(), button["value"]!.GetValue<string>()));
        Assert.StartsWith("Example answer", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_forget_me_confirmation_is_a_button_that_says_forget_me_yes()
    {
        var (text, blocks) = BlockKit.Render(PrivacyReplies.ConfirmForget());

        var button = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]![0]!;
        Assert.Equal(("Yes, forget me", "forget me yes"), (button["text"]!["text"]!.GetValue<string>(), button["value"]!.GetValue<string>()));
        Assert.Contains("cannot be undone", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_content_is_split_to_stay_inside_Slacks_limits()
    {
        var longText = string.Join(' ', Enumerable.Repeat("word", 2000));
        var reply = new Reply
        {
            Title = new string('T', 300),
            Blocks = [.. Enumerable.Range(0, 60).Select(i => new TextBlock(i == 0 ? longText : $"paragraph {i}"))],
            Buttons = [new ReplyButton(new string('B', 100), "help")],
        };

        var (text, blocks) = BlockKit.Render(reply);

        Assert.Equal(BlockKit.MaxBlocks, blocks.Count);
        Assert.True(blocks[0]!["text"]!["text"]!.GetValue<string>().Length <= BlockKit.MaxHeaderText);
        Assert.All(blocks.Where(b => b!["type"]!.GetValue<string>() == "section"), b => Assert.True(b!["text"]!["text"]!.GetValue<string>().Length <= BlockKit.MaxSectionText));
        Assert.Equal("actions", blocks[^1]!["type"]!.GetValue<string>());
        Assert.True(blocks[^1]!["elements"]![0]!["text"]!["text"]!.GetValue<string>().Length <= BlockKit.MaxButtonText);
        Assert.Equal("context", blocks[^2]!["type"]!.GetValue<string>());
        Assert.True(text.Length <= BlockKit.MaxFallbackText);
        Assert.Contains(blocks, b => b!["text"]?["text"]?.GetValue<string>().StartsWith("word word", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_user_mention_survives_escaping_and_a_title_with_one_is_not_a_plain_text_header()
    {
        var (_, blocks) = BlockKit.Render(new Reply { Title = "Feedback for <@U0ALEX0001>", Blocks = [new ChecklistBlock([new ChecklistItem(StarPart.Task, PartStatus.Missing, null)])] });

        Assert.Equal("section", blocks[0]!["type"]!.GetValue<string>());
        Assert.Equal("*Feedback for <@U0ALEX0001>*", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(":x: *Task*: missing", blocks[1]!["text"]!["text"]!.GetValue<string>());
    }
}
