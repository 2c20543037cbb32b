using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StarBot.Core.Hosting;

namespace StarBot.Slack;

/// <summary>
/// Socket Mode: instead of Slack calling StarBot's public endpoints, StarBot opens a WebSocket to Slack
/// (<c>apps.connections.open</c> with the app-level token hands out a single-use URL) and Slack sends each event,
/// command and interaction down it as an envelope, which must be acked within 3 seconds. Envelopes take the same
/// road as HTTP requests (<see cref="SlackIntake"/>): stored before the ack, a command's answer in the ack.
/// </summary>
/// <remarks>
/// Slack asks for a new connection now and then (<c>disconnect</c>, <c>warning</c> or <c>refresh_requested</c>): the
/// new one is opened before the old one is closed, so nothing is missed in between. A dropped socket is reconnected
/// at once, then with the background loops' backoff while it keeps failing. <c>link_disabled</c> (Socket Mode was
/// turned off for the app) stops it: no reconnection would be accepted.
/// </remarks>
public sealed partial class SlackSocketMode(SlackApi api, SlackIntake intake, SlackSocketState state, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackSocketMode> logger)
    : BackgroundService
{
    /// <summary>A connection that lived at least this long was working: its loss is reconnected at once, not after a backoff.</summary>
    private static readonly TimeSpan Stable = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Connections made so far, to tell them apart in the log.</summary>
    private int _connections;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SocketModeConnection? current = null;
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (failures > 0)
                {
                    await Task.Delay(BackgroundLoop.Backoff(failures), time, stoppingToken);
                }

                SocketModeConnection next;
                try
                {
                    next = await ConnectAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (SlackSocketRefusedException e)
                {
                    // A bad or revoked app token: no retry will cure it, and retrying would only fill the log.
                    LogTokenRefused(logger, e.Error);
                    state.Stopped(SlackSocketStatus.TokenRefused);
                    return;
                }
                catch (Exception e)
                {
                    failures++;
                    LogConnectFailed(logger, failures, BackgroundLoop.Backoff(failures).TotalSeconds, e.Message);
                    if (current is { Ended.IsCompleted: true })
                    {
                        // The old connection (kept while a refresh was being made) is gone meanwhile.
                        await current.DisposeAsync();
                        current = null;
                        state.Disconnected();
                    }

                    continue;
                }

                if (current is not null)
                {
                    // The switch after a refresh: the new connection is receiving already, the old one finishes what it
                    // has in hand and closes.
                    await current.DisposeAsync();
                }

                current = next;
                state.Connected();
                LogConnected(logger, next.Number);

                var end = await current.Ended.WaitAsync(stoppingToken);
                switch (end)
                {
                    case { Reason: "link_disabled" }:
                        LogLinkDisabled(logger);
                        state.Stopped(SlackSocketStatus.LinkDisabled);
                        await current.DisposeAsync();
                        current = null;
                        return;
                    case { Reason: { } reason }:
                        LogRefresh(logger, reason);
                        failures = 0;
                        break;
                    default:
                        LogDropped(logger, end.Problem ?? "closed", time.GetUtcNow() - current.ConnectedAt >= Stable ? "at once" : "after a pause");
                        failures = time.GetUtcNow() - current.ConnectedAt >= Stable ? 0 : failures + 1;
                        state.Disconnected();
                        await current.DisposeAsync();
                        current = null;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Shutdown: envelopes in hand are stored and acked, then the socket is closed with a close frame, so Slack
            // sends nothing more here (and an instance still running gets it).
            if (current is not null)
            {
                state.Stopped(SlackSocketStatus.Stopped);
                await current.DisposeAsync();
            }
        }
    }

    private async Task<SocketModeConnection> ConnectAsync(CancellationToken stoppingToken)
    {
        // Every connection asks for its own URL: each is good for one connection only.
        var opened = await api.CallAsync("apps.connections.open", [], stoppingToken, options.Value.AppToken);
        if (!opened.Ok)
        {
            throw opened.Error is "invalid_auth" or "not_authed" or "token_revoked" or "account_inactive" or "not_allowed_token_type"
                ? new SlackSocketRefusedException(opened.Error)
                : new SlackUnavailableException($"apps.connections.open answered {opened.Error}");
        }

        if (SlackTranslator.Str(opened.Body, "url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new SlackUnavailableException("apps.connections.open answered without a URL");
        }

        var socket = new ClientWebSocket();
        // Pings answered within the timeout, or the connection is taken for dead: a silent network failure would
        // otherwise leave a receive waiting for ever.
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(20);
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        connecting.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(uri, connecting.Token);
            var connection = new SocketModeConnection(socket, Interlocked.Increment(ref _connections), time.GetUtcNow(), options.Value.MaxBodyBytes, HandleAsync, logger);
            // Slack greets every connection before anything else; until then it is not up.
            await connection.WaitForHelloAsync(connecting.Token);
            return connection;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One envelope: its payload down the intake's road; the ack to send (null: none, Slack will send it again).</summary>
    private async Task<JsonObject?> HandleAsync(string envelopeId, string type, JsonElement envelope)
    {
        var payload = envelope.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var acceptsPayload = envelope.TryGetProperty("accepts_response_payload", out var a) && a.ValueKind == JsonValueKind.True;
        var ack = new JsonObject { ["envelope_id"] = envelopeId };
        if (payload.ValueKind != JsonValueKind.Object)
        {
            // Nothing to act on, and nothing a redelivery would change: acked so that Slack stops sending it.
            LogUnusable(logger, type, envelopeId, "no payload object");
            return ack;
        }

        try
        {
            // CancellationToken.None: at shutdown an envelope in hand is stored and acked rather than cut off.
            var answer = type switch
            {
                "events_api" when SlackTranslator.Str(payload, "type") == "event_callback" => await EventAsync(payload),
                "slash_commands" => await intake.CommandAsync(FormFields(payload), CancellationToken.None),
                "interactive" => await intake.InteractionAsync(payload, CancellationToken.None),
                _ => SlackAnswer.Empty,
            };
            if (answer.Problem is { } problem)
            {
                LogUnusable(logger, type, envelopeId, problem);
            }
            else if (answer.Body is { } body && acceptsPayload)
            {
                ack["payload"] = body;
            }

            return ack;
        }
        catch (Exception e)
        {
            // Not stored: no ack, so that Slack sends it again (the inbox's key makes a repeat harmless).
            LogEnvelopeFailed(logger, e, type, envelopeId);
            return null;
        }
    }

    private async Task<SlackAnswer> EventAsync(JsonElement payload)
    {
        await intake.EventAsync(payload, CancellationToken.None);
        return SlackAnswer.Empty;
    }

    /// <summary>A slash command's form fields, which Socket Mode carries as a JSON object.</summary>
    private static Dictionary<string, string> FormFields(JsonElement payload) =>
        payload.EnumerateObject().ToDictionary(f => f.Name, f => f.Value.ValueKind == JsonValueKind.String ? f.Value.GetString()! : f.Value.GetRawText(), StringComparer.Ordinal);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Slack Socket Mode: connected (connection {Number})")]
    private static partial void LogConnected(ILogger logger, int number);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Slack Socket Mode: Slack asked for a new connection ({Reason}); switching")]
    private static partial void LogRefresh(ILogger logger, string reason);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Slack Socket Mode: connection lost ({Problem}); reconnecting {When}")]
    private static partial void LogDropped(ILogger logger, string problem, string when);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "Slack Socket Mode: could not connect ({Failures} in a row); trying again in {Seconds:F0} s: {Problem}")]
    private static partial void LogConnectFailed(ILogger logger, int failures, double seconds, string problem);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Error, Message = "Slack Socket Mode: link disabled (Socket Mode was turned off for the app); not reconnecting. Turn it on again (Settings, Socket Mode) and restart, or configure the HTTP endpoints")]
    private static partial void LogLinkDisabled(ILogger logger);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Error, Message = "Slack Socket Mode: Slack refused the app-level token ({Error}): check Slack:AppToken (an xapp- token with connections:write); not reconnecting")]
    private static partial void LogTokenRefused(ILogger logger, string error);

    [LoggerMessage(EventId = 4307, Level = LogLevel.Warning, Message = "Slack Socket Mode: {Type} envelope {EnvelopeId} acked and ignored: {Problem}")]
    private static partial void LogUnusable(ILogger logger, string type, string envelopeId, string problem);

    [LoggerMessage(EventId = 4308, Level = LogLevel.Error, Message = "Slack Socket Mode: {Type} envelope {EnvelopeId} not stored, not acked (Slack sends it again)")]
    private static partial void LogEnvelopeFailed(ILogger logger, Exception exception, string type, string envelopeId);
}

/// <summary>Slack refused the app-level token for good.</summary>
public sealed class SlackSocketRefusedException(string error) : Exception($"apps.connections.open: {error}")
{
    public string Error { get; } = error;
}

/// <summary>Why a connection ended, or is about to: Slack's <c>disconnect</c> reason, or the problem with the socket.</summary>
internal sealed record SocketEnd(string? Reason, string? Problem);

/// <summary>
/// One Socket Mode WebSocket: a receive loop that hands each envelope to a handler (a bounded number at once, so
/// that a flood waits in the socket instead of in memory) and sends the acks, one send at a time as the socket
/// requires.
/// </summary>
internal sealed partial class SocketModeConnection : IAsyncDisposable
{
    private const int MaxInFlight = 32;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
    private readonly ClientWebSocket _socket;
    private readonly int _maxMessageBytes;
    private readonly Func<string, string, JsonElement, Task<JsonObject?>> _handle;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> _inFlight = new();
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SocketEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _receiving = new();
    private readonly Task _receiveLoop;
    private int _closing;

    public SocketModeConnection(ClientWebSocket socket, int number, DateTimeOffset connectedAt, int maxMessageBytes, Func<string, string, JsonElement, Task<JsonObject?>> handle, ILogger logger)
    {
        _socket = socket;
        Number = number;
        ConnectedAt = connectedAt;
        _maxMessageBytes = maxMessageBytes;
        _handle = handle;
        _logger = logger;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public int Number { get; }

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Completes at Slack's <c>disconnect</c> (the socket still receives until it is closed) or when the socket is gone.</summary>
    public Task<SocketEnd> Ended => _ended.Task;

    public async Task WaitForHelloAsync(CancellationToken cancellationToken)
    {
        var first = await Task.WhenAny(_hello.Task, _ended.Task).WaitAsync(cancellationToken);
        if (first != _hello.Task)
        {
            throw new WebSocketException($"the connection ended before Slack's hello ({_ended.Task.Result.Reason ?? _ended.Task.Result.Problem})");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                message.SetLength(0);
                ValueWebSocketReceiveResult result;
                var oversized = false;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), _receiving.Token);
                    if (message.Length + result.Count > _maxMessageBytes)
                    {
                        oversized = true;
                    }
                    else
                    {
                        message.Write(buffer, 0, result.Count);
                    }
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (Volatile.Read(ref _closing) == 0)
                    {
                        // Slack closed it: answer its close frame, then it is gone.
                        await SendCloseAsync();
                    }

                    _ended.TrySetResult(new SocketEnd(null, $"closed by Slack ({_socket.CloseStatus})"));
                    return;
                }

                if (oversized)
                {
                    LogOversized(_logger, _maxMessageBytes);
                    continue;
                }

                await DispatchAsync(message.GetBuffer().AsMemory(0, (int)message.Length));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _ended.TrySetResult(new SocketEnd(null, e.Message));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads one message: hello, disconnect, or an envelope, whose handling starts without holding up the next read.</summary>
    private async Task DispatchAsync(ReadOnlyMemory<byte> bytes)
    {
        JsonElement message;
        try
        {
            // Cloned out of the document so that its pooled buffers go back at once; the envelope outlives this read.
            using var document = JsonDocument.Parse(bytes);
            message = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            LogNotJson(_logger);
            return;
        }

        var type = SlackTranslator.Str(message, "type");
        if (type == "hello")
        {
            _hello.TrySetResult();
            return;
        }

        if (type == "disconnect")
        {
            _ended.TrySetResult(new SocketEnd(SlackTranslator.Str(message, "reason") ?? "unknown", null));
            return;
        }

        if (SlackTranslator.Str(message, "envelope_id") is not { } envelopeId)
        {
            return;
        }

        await _slots.WaitAsync(_receiving.Token);
        var handler = Task.Run(async () =>
        {
            try
            {
                if (await _handle(envelopeId, type ?? "", message) is { } ack)
                {
                    await SendAsync(ack);
                }
            }
            finally
            {
                _slots.Release();
            }
        });
        _inFlight[handler] = true;
        _ = handler.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task SendAsync(JsonObject ack)
    {
        await _sending.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(ack), WebSocketMessageType.Text, true, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The event is stored already; Slack sends it again on another connection, and the inbox drops the repeat.
            LogAckLost(_logger, e.Message);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task SendCloseAsync()
    {
        await _sending.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Lets the envelopes in hand be stored and acked, then closes with a close frame (Slack answers it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        // Envelopes already read are stored and acked before the close frame (Slack would send them again otherwise).
        try
        {
            await Task.WhenAll(_inFlight.Keys).WaitAsync(CloseTimeout);
        }
        catch (TimeoutException)
        {
        }

        if (_socket.State == WebSocketState.Open)
        {
            await SendCloseAsync();
        }

        try
        {
            await _receiveLoop.WaitAsync(CloseTimeout);
        }
        catch (TimeoutException)
        {
            _receiving.Cancel();
            _socket.Abort();
        }

        _socket.Dispose();
        _receiving.Dispose();
    }

    [LoggerMessage(EventId = 4311, Level = LogLevel.Warning, Message = "Slack Socket Mode: a message over {MaxBytes} bytes (Slack:MaxBodyBytes) was dropped unacked")]
    private static partial void LogOversized(ILogger logger, int maxBytes);

    [LoggerMessage(EventId = 4312, Level = LogLevel.Warning, Message = "Slack Socket Mode: a message that is not JSON was ignored")]
    private static partial void LogNotJson(ILogger logger);

    [LoggerMessage(EventId = 4313, Level = LogLevel.Warning, Message = "Slack Socket Mode: an ack was not sent ({Problem}); Slack sends that envelope again")]
    private static partial void LogAckLost(ILogger logger, string problem);
}
