using StarBot.Testing;

namespace StarBot.Storage.Tests;

/// <summary>A real SQLite file in a temporary folder, migrated.</summary>
public sealed class SqliteFile : IDisposable
{
    private readonly TempFolder _folder = new();

    public SqliteFile()
    {
        Path = System.IO.Path.Combine(_folder.Path, "data", "starbot.db");
        Database = new SqliteDatabase(Path);
        Database.MigrateAsync(default).GetAwaiter().GetResult();
    }

    public string Path { get; }

    public SqliteDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
