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

    /// <summary>The developer's addresses Teams shows on the app's page: each option and the manifest field it sets.</summary>
    public static readonly IReadOnlyList<(string Option, string Field, string Description)> Urls =
    [
        ("--website-url", "websiteUrl", "The developer's website, shown on the app's page in Teams (https)"),
        ("--privacy-url", "privacyUrl", "The privacy statement (https)"),
        ("--terms-url", "termsOfUseUrl", "The terms of use (https)"),
    ];

    public static Command Create(CliContext context)
    {
        var appId = new Option<string>("--app-id") { Description = "The bot's Microsoft App ID, written into the manifest as the app id and the bot id", HelpName = "GUID", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the zip", HelpName = "FILE", DefaultValueFactory = _ => "starbot-teams.zip" };
        var urls = Urls.Select(u => new Option<string?>(u.Option) { Description = u.Description, HelpName = "URL" }).ToList();
        var package = new Command("package", "Build the Teams app package (manifest.json, color.png, outline.png) to upload in Teams") { appId, output };
        urls.ForEach(package.Options.Add);
        package.SetAction(parse => Package(context, parse.GetValue(appId)!, parse.GetValue(output)!, AppPaths.Resolve("teams"),
            urls.Select((o, i) => (Urls[i].Option, parse.GetValue(o))).Where(x => x.Item2 is not null).ToDictionary(x => x.Option, x => x.Item2!)));
        return new Command("teams", "Work with the Microsoft Teams app") { package };
    }

    /// <summary>Writes the package from the files in <paramref name="folder"/>; exit code 2, with the reason on stderr, for bad input.</summary>
    /// <param name="urls">Values of the options in <see cref="Urls"/>, by option; one not given keeps the manifest's placeholder.</param>
    public static int Package(CliContext context, string appId, string output, string folder, IReadOnlyDictionary<string, string>? urls = null)
    {
        urls ??= new Dictionary<string, string>();
        if (!Guid.TryParse(appId.Trim(), out var id) || id == Guid.Empty)
        {
            context.Error.WriteLine("--app-id must be the bot's Microsoft App ID, a GUID");
            return ExitCodes.BadInput;
        }

        foreach (var (option, value) in urls)
        {
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                context.Error.WriteLine($"{option} must be an https address, not '{value}'");
                return ExitCodes.BadInput;
            }
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
            manifest = WithUrls(manifest, urls);
        }
        catch (JsonException e)
        {
            context.Error.WriteLine($"{manifestPath} is not valid JSON once the app id is filled in: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (Urls.Where(u => !urls.ContainsKey(u.Option)).Select(u => u.Option).ToList() is { Count: > 0 } missing)
        {
            // Teams shows these to everyone who installs the app: a package with placeholders is for trying it out only.
            context.Error.WriteLine($"Warning: {string.Join(", ", missing)} not given; the package keeps the manifest's placeholder addresses, which Teams shows on the app's page.");
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

    private static string WithUrls(string manifest, IReadOnlyDictionary<string, string> urls)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(manifest) ?? throw new JsonException("the manifest is empty");
        if (urls.Count == 0)
        {
            return manifest;
        }

        var developer = root["developer"]?.AsObject() ?? throw new JsonException("the manifest has no developer object");
        foreach (var (option, field, _) in Urls)
        {
            if (urls.TryGetValue(option, out var value))
            {
                developer[field] = value.Trim();
            }
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
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
