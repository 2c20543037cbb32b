using System.Reflection;
using StarBot.Core.Replies;

namespace StarBot.Core.Conversation.Handlers;

/// <summary>One message to handle: what was said, as which command, and the round it belongs to (if any).</summary>
internal sealed record Turn(Inbound Inbound, Round? Round);

/// <summary>
/// Handles one kind of <see cref="ChatCommand"/>: makes its state change and returns its replies. A handler is found
/// by its command's type, so a new command is its record, a word in the parser and one handler file.
/// </summary>
internal abstract class CommandHandler
{
    public abstract Type CommandType { get; }

    public abstract Task<IReadOnlyList<Reply>> HandleAsync(ChatCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken);

    /// <summary>Every handler in this assembly, by the command type it handles.</summary>
    public static IReadOnlyDictionary<Type, CommandHandler> All { get; } = typeof(CommandHandler).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(CommandHandler)))
        .Select(t => (CommandHandler)Activator.CreateInstance(t, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, null, null)!)
        .ToDictionary(h => h.CommandType);
}

/// <inheritdoc />
internal abstract class CommandHandler<TCommand> : CommandHandler
    where TCommand : ChatCommand
{
    public sealed override Type CommandType => typeof(TCommand);

    public sealed override Task<IReadOnlyList<Reply>> HandleAsync(ChatCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken) =>
        HandleAsync((TCommand)command, turn, context, cancellationToken);

    protected abstract Task<IReadOnlyList<Reply>> HandleAsync(TCommand command, Turn turn, ConversationContext context, CancellationToken cancellationToken);

    protected static Task<IReadOnlyList<Reply>> One(Reply reply) => Task.FromResult<IReadOnlyList<Reply>>([reply]);
}
