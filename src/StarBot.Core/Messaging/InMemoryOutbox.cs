namespace StarBot.Core.Messaging;

/// <summary>An outbox in memory, for the terminal chat and tests.</summary>
public sealed class InMemoryOutbox : IOutbox
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

    public Task EnqueueAsync(IReadOnlyList<OutboundMessage> messages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var message in messages.Where(m => _entries.All(e => e.Message.DedupeKey != m.DedupeKey)))
            {
                _entries.Add(new Entry(_entries.Count + 1, message) { NextAttempt = now });
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxItem>> LeaseAsync(int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var due = _entries.Where(e => e.Pending && e.NextAttempt <= now && e.LeaseUntil <= now).Take(max).ToList();
            due.ForEach(e => e.LeaseUntil = now + lease);
            return Task.FromResult<IReadOnlyList<OutboxItem>>([.. due.Select(e => new OutboxItem(e.Id, e.Message, e.Attempts, e.LeaseUntil))]);
        }
    }

    public Task<bool> ExtendLeaseAsync(long id, DateTimeOffset leasedUntil, DateTimeOffset until, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var entry = _entries.Single(e => e.Id == id);
            if (!entry.Pending || entry.LeaseUntil != leasedUntil)
            {
                return Task.FromResult(false);
            }

            entry.LeaseUntil = until;
            return Task.FromResult(true);
        }
    }

    public Task MarkSentAsync(long id, string? messageId, DateTimeOffset now, CancellationToken cancellationToken) => Update(id, e => e.Pending = false);

    public Task RetryLaterAsync(long id, DateTimeOffset nextAttempt, string reason, CancellationToken cancellationToken) =>
        Update(id, e =>
        {
            e.Attempts++;
            e.NextAttempt = nextAttempt;
            e.LeaseUntil = DateTimeOffset.MinValue;
        });

    public Task RefuseAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken) => Update(id, e => e.Pending = false);

    public Task FailAsync(long id, string reason, DateTimeOffset now, CancellationToken cancellationToken) => Update(id, e => e.Pending = false);

    public Task ReleaseAsync(long id, CancellationToken cancellationToken) => Update(id, e => e.LeaseUntil = DateTimeOffset.MinValue);

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.Where(e => e.Pending).Select(e => (DateTimeOffset?)e.NextAttempt).Min());
        }
    }

    public Task<int> PendingCountAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.Count(e => e.Pending));
        }
    }

    private Task Update(long id, Action<Entry> change)
    {
        lock (_lock)
        {
            change(_entries.Single(e => e.Id == id));
        }

        return Task.CompletedTask;
    }

    private sealed class Entry(long id, OutboundMessage message)
    {
        public long Id { get; } = id;

        public OutboundMessage Message { get; } = message;

        public bool Pending { get; set; } = true;

        public int Attempts { get; set; }

        public DateTimeOffset NextAttempt { get; set; }

        public DateTimeOffset LeaseUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
