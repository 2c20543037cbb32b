using System.Text.Json.Serialization;
using StarBot.Core.Content;

namespace StarBot.Core.Replies;

/// <summary>Who may see a reply.</summary>
public enum ReplyVisibility
{
    /// <summary>Everyone in the conversation.</summary>
    Public,

    /// <summary>Only the person it answers (Slack ephemeral, Teams 1:1 chat, the terminal's own line).</summary>
    Private,
}

/// <summary>Where a reply goes relative to the message it answers.</summary>
public enum ReplyPlacement
{
    /// <summary>In the thread of the message it answers (a practice round's thread), or beside it where there are no threads.</summary>
    Thread,

    /// <summary>A new top-level post in the channel (a round's question); its id becomes the round's thread.</summary>
    NewPost,
}

public enum PartStatus
{
    Present,
    Weak,
    Missing,
}

/// <summary>
/// A platform-neutral message: the Core says what to show, each adapter decides how (Block Kit, an Adaptive
/// Card, plain text). Text uses a tiny Markdown subset: <c>**bold**</c>, <c>_italic_</c>, and line breaks.
/// </summary>
public sealed record Reply
{
    public required string Title { get; init; }

    public IReadOnlyList<ReplyBlock> Blocks { get; init; } = [];

    public IReadOnlyList<ReplyButton> Buttons { get; init; } = [];

    public ReplyVisibility Visibility { get; init; } = ReplyVisibility.Public;

    public ReplyPlacement Placement { get; init; } = ReplyPlacement.Thread;

    /// <summary>
    /// On a <see cref="ReplyPlacement.NewPost"/>: post at the top of the channel even where the asking message's
    /// thread could hold it (Teams puts a round's question in the asker's reply chain), because that thread is
    /// already another round's.
    /// </summary>
    public bool LeavesThread { get; init; }

    /// <summary>What kind of reply this is, so adapters and tests can tell a summary from feedback without parsing text.</summary>
    public ReplyKind Kind { get; init; } = ReplyKind.Info;

    /// <summary>
    /// On a round's question posted as a <see cref="ReplyPlacement.NewPost"/>: the round whose thread that post opens.
    /// The adapter reports the new post's id back with <c>Coach.AttachThreadAsync</c>.
    /// </summary>
    public string? RoundId { get; init; }
}

public enum ReplyKind
{
    Info,
    Help,
    Example,
    Question,
    Feedback,
    Summary,
    Notice,
    Error,
}

/// <summary>A part of a reply. The type names are stored with replies waiting in the outbox: keep them stable.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(PartBlock), "part")]
[JsonDerivedType(typeof(ListBlock), "list")]
[JsonDerivedType(typeof(ChecklistBlock), "checklist")]
public abstract record ReplyBlock;

/// <summary>A paragraph of text, optionally under a small heading.</summary>
public sealed record TextBlock(string Text, string? Heading = null) : ReplyBlock;

/// <summary>One part of a STAR answer, laid out under its name.</summary>
public sealed record PartBlock(StarPart Part, string Text) : ReplyBlock;

/// <summary>A list of short items under a heading (tips, commands, participants).</summary>
public sealed record ListBlock(string Heading, IReadOnlyList<string> Items) : ReplyBlock;

/// <summary>The STAR checklist: each part's status and the words of the answer that show it.</summary>
public sealed record ChecklistBlock(IReadOnlyList<ChecklistItem> Items) : ReplyBlock;

public sealed record ChecklistItem(StarPart Part, PartStatus Status, string? Evidence, string? Note = null);

/// <summary>A button: <paramref name="Command"/> is the chat command it stands for, so pressing it is the same as typing it.</summary>
public sealed record ReplyButton(string Label, string Command);
