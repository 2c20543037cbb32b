using StarBot.Core.Analysis;
using StarBot.Core.Content;

namespace StarBot.Core.Replies;

/// <summary>Replies that show an analysis: the STAR checklist with quoted evidence and the coaching feedback.</summary>
public static class AnalysisReplies
{
    public static Reply Feedback(StarAnalysis analysis, string? title = null) => new()
    {
        Title = title ?? "Feedback on your answer",
        Kind = ReplyKind.Feedback,
        Blocks =
        [
            Checklist(analysis),
            new ListBlock("What would make it stronger", analysis.Feedback),
        ],
    };

    public static ChecklistBlock Checklist(StarAnalysis analysis) => new([.. Enum.GetValues<StarPart>().Select(part =>
    {
        var p = analysis[part];
        return new ChecklistItem(part, p.Status, p.Evidence.Count > 0 ? FeedbackWriter.Quote(p.Evidence[0]) : null);
    })]);
}
