using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StarBot.Core.Messaging;
using StarBot.Service;
using StarBot.Storage;

namespace StarBot.Tests.Service;

/// <summary>Every failed delivery attempt counts, a message is given up once, and stopping does not cut a send short.</summary>
public sealed class OutboxFailureTests
{
    [Fact]
    public async Task A_message_whose_send_always_throws_is_kept_as_failed_after_MaxAttempts_and_logged_once_with_its_channel()
    {
        await using var platform = await FakePlatform.StartAsync();
        // The message names an address with a token in its user info and its query, as an HTTP client's may.
        var sender = new ScriptedSender(_ => throw new InvalidOperationException("the renderer broke at https://bot:pa55@hooks.example.com/post?token=s3cret"));
        var logs = new LogCapture();
        await using var host = await ServiceHost.StartAsync(platform, new() { ["Outbox:MaxAttempts"] = "2" }, services =>
        {
            services.RemoveAll<IMessageSender>();
            services.AddSingleton<IMessageSender>(sender);
            services.AddSingleton<ILoggerProvider>(logs);
        });

        await host.SayAsync("alex", "help", "m1", conversation: "C-POISON");

        var gaveUp = await logs.WaitForAsync(e => e.EventId == 2002, TimeSpan.FromSeconds(20));
        Assert.Contains("C-POISON", gaveUp.Message);
        Assert.Contains("the renderer broke", gaveUp.Message);
        var row = await OutboxRowAsync(host);
        Assert.Equal(("failed", 2L), (row.Status, row.Attempts));
        Assert.Contains("the renderer broke at https://hooks.example.com/post", row.Error);
        Assert.DoesNotContain("s3cret", row.Error);
        Assert.DoesNotContain("pa55", row.Error);
        Assert.All(logs.Entries, e => Assert.DoesNotContain("s3cret", e.Message));
        Assert.Equal(2, sender.Calls);
        Assert.Single(logs.Entries, e => e.EventId == 2002);
    }

    [Fact]
    public async Task Stopping_the_service_lets_a_send_already_in_flight_finish_and_records_it_as_sent()
    {
        await using var platform = await FakePlatform.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inSend = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = new ScriptedSender(async token =>
        {
            inSend.TrySetResult(token);
            await release.Task.WaitAsync(token);
            return new SendResult.Delivered("P1");
        });
        var logs = new LogCapture();
        var host = await ServiceHost.StartAsync(platform, new() { ["Logging:LogLevel:StarBot.Service.OutboxWorker"] = "Information" }, services =>
        {
            services.RemoveAll<IMessageSender>();
            services.AddSingleton<IMessageSender>(sender);
            services.AddSingleton<ILoggerProvider>(logs);
        });
        await using (host)
        {
            await host.SayAsync("alex", "help", "m1");
            var token = await inSend.Task.WaitAsync(TimeSpan.FromSeconds(20));

            var stopped = host.App.StopAsync();
            // The outbox loop has ended (the host told it to stop); the send in hand is still going.
            await logs.WaitForAsync(e => e.EventId == 2006, TimeSpan.FromSeconds(20));
            Assert.False(token.IsCancellationRequested, "the send in flight was cancelled by the shutdown");
            release.SetResult();
            await stopped;

            var row = await OutboxRowAsync(host);
            Assert.Equal(("sent", 1L), (row.Status, row.Attempts));
        }
    }

    private static async Task<(string Status, long Attempts, string? Error)> OutboxRowAsync(ServiceHost host)
    {
        var database = new SqliteDatabase(host.DatabasePath);
        return await database.ReadAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT status, attempts, error FROM outbox;";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "no outbox row");
            return (reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }, default);
    }

    /// <summary>The webhook platform's sender, answering as the test says; counts its calls.</summary>
    private sealed class ScriptedSender(Func<CancellationToken, Task<SendResult>> send) : IMessageSender
    {
        private int _calls;

        public int Calls => _calls;

        public string Platform => "webhook";

        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return send(cancellationToken);
        }
    }
}
