using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StarBot.Core.Analysis;
using StarBot.Testing;

namespace StarBot.Core.Tests.Analysis;

/// <summary>
/// The real answers the analyzer is calibrated and measured on (bench/data/real/) can be rebuilt and are what the
/// shipped calibration was fitted on: the evaluation in bench/README.md is reproducible from what is committed.
/// </summary>
public sealed class RealSetManifestTests
{
    private static readonly string[] KeptBackForTheOutsideCheck =
    [
        "sebscholl/knowledge-git-sync", "salmanbd100/full-stuck-software-engineer-guide", "bmutthoju/tutorials",
        "islamyasin07/data-structures-python", "proyecto26/TheJobInterviewGuide", "atiqbitstream/Interview-Notes", "loonloon/Notes",
    ];

    private static List<JsonElement> Manifest() =>
        [.. File.ReadLines(Path.Combine(RepoPaths.Root, "bench", "data", "real", "manifest.jsonl")).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public void Every_section_is_located_and_hashed_and_carries_text_only_under_a_permissive_licence()
    {
        var manifest = Manifest();

        var licences = File.ReadAllText(Path.Combine(RepoPaths.Root, "bench", "data", "real", "LICENSES.md"));
        Assert.True(manifest.Count >= 140, $"{manifest.Count} answers");
        Assert.True(manifest.Select(a => a.GetProperty("author").GetString()).Distinct().Count() >= 34);
        foreach (var answer in manifest)
        {
            var repo = answer.GetProperty("repo").GetString()!;
            Assert.DoesNotContain(repo, KeptBackForTheOutsideCheck);
            Assert.False(repo.StartsWith("learn-academy-", StringComparison.OrdinalIgnoreCase), repo);
            Assert.Matches("^[0-9a-f]{40}$", answer.GetProperty("commit").GetString());
            var permissive = answer.GetProperty("licence").GetString() is "MIT" or "Apache-2.0";
            if (permissive)
            {
                // Text committed under a licence that asks for its notice: the notice is in LICENSES.md.
                Assert.Contains(repo, licences, StringComparison.Ordinal);
            }

            foreach (var section in answer.GetProperty("sections").EnumerateObject().Where(s => s.Value.ValueKind != JsonValueKind.Null))
            {
                Assert.True(section.Value.GetProperty("length").GetInt32() > 0);
                var hash = section.Value.GetProperty("sha256").GetString()!;
                Assert.Equal(permissive, section.Value.TryGetProperty("text", out var text));
                if (permissive)
                {
                    Assert.Equal(hash, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.GetString()!))).ToLowerInvariant());
                }
            }
        }
    }

    [Fact]
    public void The_shipped_calibration_was_fitted_on_all_of_its_authors()
    {
        var authors = Manifest().Select(a => a.GetProperty("author").GetString()).Distinct().Count();

        Assert.StartsWith($"{authors} authors,", StarModel.Default.Calibration.FittedOn, StringComparison.Ordinal);
    }
}
