using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using StarBot.Cli;
using StarBot.Testing;

namespace StarBot.Tests.Cli;

public sealed class TeamsPackageTests
{
    private const string AppId = "0d4c5a1e-7b2f-4e8a-9c3d-2f1b6a7e8d90";

    [Fact]
    public void Package_holds_exactly_the_manifest_and_the_two_icons_at_its_root()
    {
        using var folder = new TempFolder();
        var zipPath = Path.Combine(folder.Path, "out", "starbot.zip");

        var (code, stdout, stderr) = CliRunner.Run("teams", "package", "--app-id", AppId, "--out", zipPath,
            "--website-url", "https://coach.acme.test", "--privacy-url", "https://coach.acme.test/privacy", "--terms-url", "https://coach.acme.test/terms");

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(zipPath, stdout.Trim());
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Packaged_manifest_carries_the_app_id_as_app_and_bot_id_and_no_placeholder()
    {
        var (manifest, text) = BuildManifest(AppId.ToUpperInvariant());

        Assert.Equal(AppId, manifest.GetProperty("id").GetString());
        Assert.Equal(AppId, manifest.GetProperty("bots")[0].GetProperty("botId").GetString());
        Assert.Equal(AppId, manifest.GetProperty("webApplicationInfo").GetProperty("id").GetString());
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Developer_privacy_and_terms_urls_come_from_the_options()
    {
        using var folder = new TempFolder();
        var zipPath = Path.Combine(folder.Path, "starbot.zip");

        var (code, _, stderr) = CliRunner.Run("teams", "package", "--app-id", AppId, "--out", zipPath,
            "--website-url", "https://coach.acme.test", "--privacy-url", "https://coach.acme.test/privacy", "--terms-url", "https://coach.acme.test/terms");

        Assert.Equal((0, ""), (code, stderr));
        using var zip = ZipFile.OpenRead(zipPath);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        var developer = JsonDocument.Parse(stream).RootElement.GetProperty("developer");
        Assert.Equal(("https://coach.acme.test", "https://coach.acme.test/privacy", "https://coach.acme.test/terms"),
            (developer.GetProperty("websiteUrl").GetString(), developer.GetProperty("privacyUrl").GetString(), developer.GetProperty("termsOfUseUrl").GetString()));
    }

    [Theory]
    [InlineData("--privacy-url", "http://coach.acme.test/privacy")]
    [InlineData("--terms-url", "not a url")]
    public void A_url_that_is_not_https_is_refused(string option, string value)
    {
        using var folder = new TempFolder();

        var (code, _, stderr) = CliRunner.Run("teams", "package", "--app-id", AppId, "--out", Path.Combine(folder.Path, "x.zip"), option, value);

        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "x.zip")));
    }

    [Fact]
    public void Without_the_urls_the_package_is_built_with_a_warning_that_they_are_placeholders()
    {
        using var folder = new TempFolder();

        var (code, _, stderr) = CliRunner.Run("teams", "package", "--app-id", AppId, "--out", Path.Combine(folder.Path, "x.zip"));

        Assert.Equal(0, code);
        Assert.Contains("--privacy-url", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Packaged_icons_have_the_sizes_teams_asks_for()
    {
        using var folder = new TempFolder();
        using var zip = BuildPackage(folder, AppId);

        var (colorWidth, colorHeight, colorType) = PngHeader(zip, "color.png");
        Assert.Equal((192, 192), (colorWidth, colorHeight));
        Assert.Equal(2, colorType); // RGB: no alpha channel, so fully opaque
        var (outlineWidth, outlineHeight, outlineType) = PngHeader(zip, "outline.png");
        Assert.Equal((32, 32), (outlineWidth, outlineHeight));
        Assert.Equal(6, outlineType); // RGBA: white on transparent
    }

    [Fact]
    public void Manifest_offers_the_bot_in_every_scope_with_command_lists_within_the_schema_limits()
    {
        var (manifest, _) = BuildManifest(AppId);

        Assert.Equal(manifest.GetProperty("manifestVersion").GetString(), SchemaVersion(manifest.GetProperty("$schema").GetString()!));
        Assert.InRange(manifest.GetProperty("name").GetProperty("short").GetString()!.Length, 1, 30);
        Assert.InRange(manifest.GetProperty("name").GetProperty("full").GetString()!.Length, 1, 100);
        Assert.InRange(manifest.GetProperty("description").GetProperty("short").GetString()!.Length, 1, 80);
        Assert.InRange(manifest.GetProperty("description").GetProperty("full").GetString()!.Length, 1, 4000);
        var bot = manifest.GetProperty("bots")[0];
        var scopes = bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("personal", scopes);
        Assert.Contains("team", scopes);
        Assert.Contains("groupChat", scopes);
        var lists = bot.GetProperty("commandLists").EnumerateArray().ToList();
        Assert.Equal(scopes.Order(StringComparer.Ordinal), lists.SelectMany(l => l.GetProperty("scopes").EnumerateArray().Select(s => s.GetString())).Order(StringComparer.Ordinal));
        foreach (var list in lists)
        {
            var commands = list.GetProperty("commands").EnumerateArray().ToList();
            Assert.InRange(commands.Count, 1, 10);
            Assert.All(commands, c => Assert.InRange(c.GetProperty("title").GetString()!.Length, 1, 32));
            Assert.All(commands, c => Assert.InRange(c.GetProperty("description").GetString()!.Length, 1, 128));
            var titles = commands.Select(c => c.GetProperty("title").GetString()!.Split(' ')[0]).ToList();
            Assert.Equal(["help", "example", "question", "practice", "feedback", "done", "topics", "history", "schedule"], titles);
        }
    }

    [Fact]
    public void Manifest_offers_the_rsc_permission_to_read_channel_replies_without_a_mention()
    {
        var (manifest, _) = BuildManifest(AppId);

        var permissions = manifest.GetProperty("authorization").GetProperty("permissions").GetProperty("resourceSpecific").EnumerateArray();
        Assert.Contains(permissions, p => p.GetProperty("name").GetString() == "ChannelMessage.Read.Group" && p.GetProperty("type").GetString() == "Application");
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void A_non_guid_app_id_exits_2_with_the_reason(string appId)
    {
        using var folder = new TempFolder();
        var zipPath = Path.Combine(folder.Path, "starbot.zip");

        var (code, stdout, stderr) = CliRunner.Run("teams", "package", "--app-id", appId, "--out", zipPath);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--app-id must be the bot's Microsoft App ID, a GUID", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(zipPath));
    }

    [Fact]
    public void A_missing_app_id_exits_2()
    {
        var (code, stdout, stderr) = CliRunner.Run("teams", "package");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--app-id", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_icon_exits_2_naming_the_file()
    {
        using var source = new TempFolder();
        source.Write("manifest.json", File.ReadAllText(Path.Combine(RepoPaths.Root, "teams", "manifest.json")));
        source.Write("outline.png", "");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = TeamsVerbs.Package(new CliContext(new StringReader(""), stdout, stderr), AppId, Path.Combine(source.Path, "starbot.zip"), source.Path);

        Assert.Equal(2, code);
        Assert.Equal("", stdout.ToString());
        Assert.Contains("color.png", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(source.Path, "starbot.zip")));
    }

    [Fact]
    public void An_output_path_that_cannot_be_written_exits_2()
    {
        using var folder = new TempFolder();

        var (code, stdout, stderr) = CliRunner.Run("teams", "package", "--app-id", AppId, "--out", folder.Path);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("Cannot write " + folder.Path, stderr, StringComparison.Ordinal);
    }

    private static ZipArchive BuildPackage(TempFolder folder, string appId)
    {
        var zipPath = Path.Combine(folder.Path, "starbot.zip");
        var (code, _, stderr) = CliRunner.Run("teams", "package", "--app-id", appId, "--out", zipPath);
        Assert.True(code == 0, stderr);
        return ZipFile.OpenRead(zipPath);
    }

    private static (JsonElement Manifest, string Text) BuildManifest(string appId)
    {
        using var folder = new TempFolder();
        using var zip = BuildPackage(folder, appId);
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var text = reader.ReadToEnd();
        using var doc = JsonDocument.Parse(text);
        return (doc.RootElement.Clone(), text);
    }

    /// <summary>Width, height and colour type from the IHDR chunk, which a PNG must start with after its signature.</summary>
    private static (int Width, int Height, int ColorType) PngHeader(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)), bytes[25]);
    }

    /// <summary>"1.22" from ".../teams/v1.22/MicrosoftTeams.schema.json".</summary>
    private static string SchemaVersion(string schema) =>
        schema.Split('/').Single(part => part.StartsWith('v') && part.Length > 1 && char.IsDigit(part[1]))[1..];
}
