using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace StarBot.Slack.Tests;

/// <summary>
/// Slack's Socket Mode side of <see cref="FakeSlack"/>: <c>apps.connections.open</c> (app-level token only) hands out
/// single-use <c>ws://</c> URLs on loopback; each connection is greeted with <c>hello</c>, and the test sends
/// envelopes, reads the acks, asks for a refresh or drops the socket.
/// </summary>
public sealed class FakeSocketMode
{
    public const string AppToken = "xapp-1-A0STARBOT1-1-test";
    private readonly ConcurrentDictionary<string, bool> _tickets = new(StringComparer.Ordinal);
    private readonly List<FakeSocketConnection> _connections = [];
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _opened;

    /// <summary>Problems: a wrong token, a URL used twice or never handed out.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>How many URLs <c>apps.connections.open</c> handed out.</summary>
    public int Opened => Volatile.Read(ref _opened);

    internal IResult Open(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + AppToken)
        {
            Violations.Enqueue("apps.connections.open: not the app-level token");
            return Results.Json(new { ok = false, error = "not_allowed_token_type" });
        }

        var ticket = $"ticket-{Interlocked.Increment(ref _opened)}-{Guid.NewGuid():n}";
        _tickets[ticket] = true;
        return Results.Json(new { ok = true, url = $"ws://{http.Request.Host}/socket-mode/link?ticket={ticket}" });
    }

    internal async Task AcceptAsync(HttpContext http)
    {
        var ticket = http.Request.Query["ticket"].ToString();
        // Slack's URLs are single-use: a reconnection with an old one would be refused.
        if (!_tickets.TryRemove(ticket, out _))
        {
            Violations.Enqueue($"a socket connection with a ticket not handed out or already used ({ticket})");
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            Violations.Enqueue("a plain HTTP request to the socket URL");
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeSocketConnection(socket);
        await connection.SendAsync(new { type = "hello", num_connections = 1, connection_info = new { app_id = "A0STARBOT1" }, debug_info = new { host = "fake", approximate_connection_time = 18060 } });
        lock (_connections)
        {
            _connections.Add(connection);
            var previous = _connected;
            _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }

        await connection.ReceiveUntilClosedAsync();
    }

    /// <summary>The <paramref name="number"/>th connection (1-based), once it was greeted.</summary>
    public async Task<FakeSocketConnection> WaitForConnectionAsync(int number, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_connections)
            {
                if (_connections.Count >= number)
                {
                    return _connections[number - 1];
                }

                changed = _connected.Task;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{_connections.Count} Socket Mode connections, expected {number}");
            }
        }
    }

    public int Connections
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }
}

/// <summary>One Socket Mode connection as Slack's end sees it.</summary>
public sealed class FakeSocketConnection(WebSocket socket)
{
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private int _envelopes;

    /// <summary>Completes when the client closed the socket: its close status, or null when the connection just ended.</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public async Task SendAsync(object message)
    {
        await _sending.WaitAsync();
        try
        {
            await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends an envelope and returns its id.</summary>
    public async Task<string> SendEnvelopeAsync(string type, JsonElement payload, bool acceptsResponsePayload = false, int retryAttempt = 0, string? envelopeId = null)
    {
        var id = envelopeId ?? $"env-{Interlocked.Increment(ref _envelopes)}-{Guid.NewGuid():n}";
        await SendAsync(new
        {
            envelope_id = id,
            type,
            payload,
            accepts_response_payload = acceptsResponsePayload,
            retry_attempt = retryAttempt,
            retry_reason = retryAttempt == 0 ? "" : "timeout",
        });
        return id;
    }

    /// <summary>The next message the client sent (an ack), within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextMessageAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            return await _received.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("the client sent nothing");
        }
    }

    /// <summary>Ends the connection without a close handshake, as a network failure would.</summary>
    public void Drop() => socket.Abort();

    internal async Task ReceiveUntilClosedAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(result.CloseStatus);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    return;
                }

                _received.Writer.TryWrite(JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone());
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }
}
