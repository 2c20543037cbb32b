using Microsoft.Data.Sqlite;

namespace StarBot.Testing;

/// <summary>
/// Reads a service's SQLite file from outside (read-only, its own connection), so that a test can wait for what the
/// service has done instead of sleeping and hoping it was long enough.
/// </summary>
internal static class StoreProbe
{
    /// <summary>
    /// Waits until no stored event is waiting to be handled and no stored reply is waiting to be delivered; throws
    /// if that takes longer than <paramref name="timeout"/> (15 s unless told). A handled event's replies are stored
    /// in the same transaction that marks it handled, and a reply is marked sent only after the platform answered,
    /// so once this returns every reply the service meant to send so far has reached the platform.
    /// </summary>
    public static async Task SettleAsync(string databasePath, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        long pending = -1;
        while (DateTime.UtcNow < until)
        {
            try
            {
                pending = await CountAsync(databasePath, "SELECT (SELECT COUNT(*) FROM inbox WHERE status = 'pending') + (SELECT COUNT(*) FROM outbox WHERE status = 'pending');");
                if (pending == 0)
                {
                    return;
                }
            }
            catch (SqliteException)
            {
                // Not created or not migrated yet: the service is still starting.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the store still has {pending} pending inbox or outbox rows");
    }

    /// <summary>The single number <paramref name="sql"/> selects.</summary>
    public static async Task<long> CountAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
