using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;

namespace StarBot.Cli;

/// <summary><c>teams package</c>: the app package to upload to Teams, built from <c>teams/</c> and the bot's app id.</summary>
public static class TeamsVerbs
{
    /// <summary>The placeholder in <c>teams/manifest.json</c> for the bot's Microsoft App ID.</summary>
    public const string AppIdPlaceholder = "{{APP_ID}}";

    /// <summary>What the package holds, each at its root under the same name as in <c>teams/</c>.</summary>
    public static readonly IReadOnlyList<string> PackageFiles = ["manifest.json", "color.png", "outline.png"];

    public static Command Create(CliContext context)
    {
        var appId = new Option<string>("--app-id") { Description = "The bot's Microsoft App ID, written into the manifest as the app id and the bot id", HelpName = "GUID", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the zip", HelpName = "FILE", DefaultValueFactory = _ => "starbot-teams.zip" };
        var package = new Command("package", "Build the Teams app package (manifest.json, color.png, outline.png) to upload in Teams") { appId, output };
        package.SetAction(parse => Package(context, parse.GetValue(appId)!, parse.GetValue(output)!, AppPaths.Resolve("teams")));
        return new Command("teams", "Work with the Microsoft Teams app") { package };
    }

    /// <summary>Writes the package from the files in <paramref name="folder"/>; exit code 2, with the reason on stderr, for bad input.</summary>
    public static int Package(CliContext context, string appId, string output, string folder)
    {
        if (!Guid.TryParse(appId.Trim(), out var id) || id == Guid.Empty)
        {
            context.Error.WriteLine("--app-id must be the bot's Microsoft App ID, a GUID");
            return ExitCodes.BadInput;
        }

        foreach (var name in PackageFiles)
        {
            if (!File.Exists(Path.Combine(folder, name)))
            {
                context.Error.WriteLine($"File not found: {Path.Combine(folder, name)}");
                return ExitCodes.BadInput;
            }
        }

        var manifestPath = Path.Combine(folder, "manifest.json");
        var manifest = File.ReadAllText(manifestPath).Replace(AppIdPlaceholder, id.ToString("D"), StringComparison.Ordinal);
        try
        {
            JsonDocument.Parse(manifest).Dispose();
        }
        catch (JsonException e)
        {
            context.Error.WriteLine($"{manifestPath} is not valid JSON once the app id is filled in: {e.Message}");
            return ExitCodes.BadInput;
        }

        var zipPath = Path.GetFullPath(output);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(zipPath)!);
            WriteZip(zipPath, manifest, folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"Cannot write {zipPath}: {e.Message}");
            return ExitCodes.BadInput;
        }

        context.Out.WriteLine(zipPath);
        return ExitCodes.Ok;
    }

    private static void WriteZip(string zipPath, string manifest, string folder)
    {
        using var stream = File.Create(zipPath);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var name in PackageFiles)
        {
            using var entryStream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            if (name == "manifest.json")
            {
                using var writer = new StreamWriter(entryStream);
                writer.Write(manifest);
            }
            else
            {
                using var icon = File.OpenRead(Path.Combine(folder, name));
                icon.CopyTo(entryStream);
            }
        }
    }
}
