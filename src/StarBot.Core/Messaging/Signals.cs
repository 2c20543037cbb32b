namespace StarBot.Core.Messaging;

/// <summary>Wakes the worker that handles the inbox: an adapter just stored an event. (The worker also sweeps on its own.)</summary>
public interface IInboxSignal
{
    void Signal();
}

/// <summary>Wakes the worker that delivers the outbox: something was just enqueued.</summary>
public interface IOutboxSignal
{
    void Signal();
}
