namespace StarBot.Core.Messaging;

/// <summary>
/// Where a platform can reach a conversation later, without a message to answer: what proactive posts (the daily
/// question) and replies sent from the outbox need on platforms that address by reference (Teams). The reference
/// itself is the platform's own serialised form; the Core only stores it.
/// </summary>
/// <param name="TeamId">The install it belongs to (a Teams team), so that uninstalling stops all of its conversations.</param>
/// <param name="Active">False once the app was removed from the conversation: nothing is sent there any more.</param>
public sealed record ConversationAddress(string Platform, string ConversationId, string TeamId, string Reference, bool Active, DateTimeOffset UpdatedAt);

/// <summary>
/// Conversation references kept in the store rather than in memory: a platform that addresses by reference (Teams)
/// can only post proactively (a daily question, a reply from the outbox) with the reference it gave the bot, and a
/// restart must not lose it.
/// </summary>
public interface IConversationAddressStore
{
    /// <summary>Stores or replaces the conversation's address (active again if it had been removed).</summary>
    Task SaveAsync(ConversationAddress address, CancellationToken cancellationToken);

    Task<ConversationAddress?> GetAsync(string platform, string conversationId, CancellationToken cancellationToken);

    /// <summary>Marks every conversation of an install inactive; returns how many were active.</summary>
    Task<int> DeactivateTeamAsync(string platform, string teamId, DateTimeOffset now, CancellationToken cancellationToken);
}
