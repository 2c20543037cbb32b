using StarBot.Core.Conversation;
using StarBot.Core.Conversation.Handlers;

namespace StarBot.Core.Tests.Conversation;

public sealed class CommandHandlerTests
{
    [Fact]
    public void Every_command_the_parser_can_return_has_exactly_one_handler()
    {
        var commands = typeof(ChatCommand).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ChatCommand))).ToList();

        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.True(CommandHandler.All.ContainsKey(c), $"{c.Name} has no handler"));
        Assert.Equal(commands.Count, CommandHandler.All.Count);
    }
}
