using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StarBot.Testing;

namespace StarBot.Tests.Service;

/// <summary>
/// A chat platform on loopback (real Kestrel) for the webhook edge: it records every reply posted to it, answers
/// each with a new message id, and can be told to answer 429 with Retry-After or 503 instead, or to hold its answers.
/// </summary>
public sealed class FakePlatform : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _ids;

    private FakePlatform(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonElement> Posts { get; } = new();

    /// <summary>Statuses to answer with, in order, before answering 200 again.</summary>
    public ConcurrentQueue<int> Failures { get; } = new();

    /// <summary>When set, every post is answered with this status (a platform that is down).</summary>
    public int? Down { get; set; }

    public int Refused;

    /// <summary>What a 429 asks the caller to wait (sent as whole seconds in <c>Retry-After</c>).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock <see cref="Requests"/> are timed on: the service's fake one in tests that move time themselves.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Every post as it arrived (after any hold), with the status it was answered with.</summary>
    public ConcurrentQueue<(DateTimeOffset At, int Status)> Requests { get; } = new();

    /// <summary>When set, a post is answered only once this completes (a platform slow to answer); <see cref="Held"/> counts those waiting.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public int Held;

    public string Url => LoopbackServer.Address(_app) + "/post";

    public static async Task<FakePlatform> StartAsync()
    {
        FakePlatform? platform = null;
        var app = await LoopbackServer.StartAsync(app => app.MapPost("/post", async (HttpContext http) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            if (platform!.Hold is { } hold)
            {
                Interlocked.Increment(ref platform.Held);
                await hold.Task;
            }

            var at = platform.Clock.GetUtcNow();
            if (platform!.Down is { } down || platform.Failures.TryDequeue(out down))
            {
                Interlocked.Increment(ref platform.Refused);
                if (down == 429)
                {
                    http.Response.Headers.RetryAfter = ((int)platform.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                platform.Requests.Enqueue((at, down));
                return Results.StatusCode(down);
            }

            platform.Requests.Enqueue((at, 200));
            platform.Posts.Enqueue(body);
            return Results.Json(new { id = $"P{Interlocked.Increment(ref platform._ids)}" });
        }));
        platform = new FakePlatform(app);
        return platform;
    }

    /// <summary>Waits until <paramref name="predicate"/> holds for the posts so far, or fails after <paramref name="timeout"/>.</summary>
    public async Task<List<JsonElement>> WaitForAsync(Func<List<JsonElement>, bool> predicate, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var posts = Posts.ToList();
            if (predicate(posts))
            {
                return posts;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"the platform got {posts.Count} posts: {string.Join(" | ", posts.Select(p => p.GetProperty("reply").GetProperty("title").GetString()))}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public static class PostExtensions
{
    public static string Title(this JsonElement post) => post.GetProperty("reply").GetProperty("title").GetString()!;

    public static string? Thread(this JsonElement post) => post.GetProperty("threadId").GetString();
}
