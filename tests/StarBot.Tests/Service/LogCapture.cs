using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StarBot.Tests.Service;

/// <summary>Keeps every log entry the service writes (above the configured levels), and lets a test wait for one.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<(TaskCompletionSource Done, Func<LogEntry, bool> Match)> _waiters = [];

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Waits until an entry matching <paramref name="match"/> is written (or was), at most <paramref name="timeout"/>.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (Entries.FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            _waiters.Add((done, match));
        }

        await done.Task.WaitAsync(timeout);
        return Entries.First(match);
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_lock)
        {
            Entries.Enqueue(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}

public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);
