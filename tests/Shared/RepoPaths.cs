namespace StarBot.Testing;

/// <summary>Paths inside this repository, found by walking up from the test binaries to StarBot.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Content => Path.Combine(Root, "content");

    public static string TestData(params string[] parts) => Path.Combine([Root, "tests", "data", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StarBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StarBot.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder that removes itself.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "starbot-tests", Guid.NewGuid().ToString("n"));

    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine is no reason to fail a test.
        }
    }
}
