namespace StarBot.Core.Conversation;

/// <summary>What a channel chose: where feedback on answers goes, and whether daily rounds get a reminder.</summary>
/// <param name="PrivateFeedback">Feedback to each answer only for its author (Slack ephemeral, Teams 1:1 chat), not in the thread.</param>
/// <param name="RemindBefore">How long before a daily round closes its thread gets a reminder; null (the default) for none.</param>
public sealed record ChannelSettings(bool PrivateFeedback = false, TimeSpan? RemindBefore = null);

public interface IChannelSettingsStore
{
    Task<ChannelSettings> GetAsync(string platform, string conversationId, CancellationToken cancellationToken);

    Task SaveAsync(string platform, string conversationId, ChannelSettings settings, CancellationToken cancellationToken);
}

public sealed class InMemoryChannelSettingsStore : IChannelSettingsStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), ChannelSettings> _settings = new();

    public Task<ChannelSettings> GetAsync(string platform, string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(_settings.GetValueOrDefault((platform, conversationId)) ?? new ChannelSettings());

    public Task SaveAsync(string platform, string conversationId, ChannelSettings settings, CancellationToken cancellationToken)
    {
        _settings[(platform, conversationId)] = settings;
        return Task.CompletedTask;
    }
}
