namespace StarBot;

/// <summary>
/// Where StarBot finds its files: the working folder first (a clone's <c>content/</c> and <c>appsettings.json</c>),
/// then the copies beside the executable, so the binary also runs from any other folder.
/// </summary>
public static class AppPaths
{
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var local = Path.GetFullPath(path, Directory.GetCurrentDirectory());
        if (File.Exists(local) || Directory.Exists(local))
        {
            return local;
        }

        var beside = Path.GetFullPath(path, AppContext.BaseDirectory);
        return File.Exists(beside) || Directory.Exists(beside) ? beside : local;
    }
}
