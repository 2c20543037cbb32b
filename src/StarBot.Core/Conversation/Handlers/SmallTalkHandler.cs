using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

internal sealed class SmallTalkHandler : CommandHandler<SmallTalkCommand>
{
    public const string Star =
        "STAR is a way to tell a story in an interview: the **Situation** (where you were and what was going on), your **Task** " +
        "(what you had to achieve), the **Action** you took yourself, and the **Result** (what changed, with a number if you can).";

    protected override Task<IReadOnlyList<Reply>> HandleAsync(SmallTalkCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        One(command.Kind switch
        {
            SmallTalk.Thanks => RoundReplies.Notice("You're welcome! Good luck with your interviews."),
            SmallTalk.Greeting => RoundReplies.Notice($"Hi {turn.Inbound.UserName}! Say **practice** to try a question with the STAR method, or **help** for everything I can do."),
            _ => RoundReplies.Notice(Star + " Say **example leadership** to see one, or **practice** to try it.") with
            {
                Buttons = [new ReplyButton("Show an example", "example leadership"), new ReplyButton("Start a practice round", "practice")],
            },
        });
}
