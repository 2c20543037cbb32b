using System.Collections.Concurrent;

namespace StarBot.Core.Conversation;

/// <summary>
/// How many examples each conversation has been shown from a pool (a topic's examples, named by the first of them),
/// so that asking again, or "Another example", shows the next one. The service keeps it in its store: with several
/// replicas the next request may land on another one, which would otherwise show the first example again.
/// </summary>
public interface IExampleRotation
{
    /// <summary>Counts one more showing from the pool and returns how many came before it (0 the first time).</summary>
    Task<int> NextAsync(string platform, string conversationId, string pool, CancellationToken cancellationToken);
}

/// <summary>For one process (the terminal chat, tests): losing it only starts the rotation over.</summary>
public sealed class InMemoryExampleRotation : IExampleRotation
{
    /// <summary>Past this many conversation pools the rotation starts over rather than grow without bound.</summary>
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<(string, string, string), int> _shown = new();

    public Task<int> NextAsync(string platform, string conversationId, string pool, CancellationToken cancellationToken)
    {
        if (_shown.Count > MaxRemembered)
        {
            _shown.Clear();
        }

        return Task.FromResult(_shown.AddOrUpdate((platform, conversationId, pool), 1, (_, n) => n + 1) - 1);
    }
}
