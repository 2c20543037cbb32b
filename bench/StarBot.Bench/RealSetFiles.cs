using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StarBot.Bench;

/// <summary>
/// The real set's two files. <c>manifest.jsonl</c> (committed) says where each section of each answer is: repository,
/// commit, path, and the section's character range and SHA-256 in that file, with the labels; it carries the text
/// itself only where the repository's licence allows (MIT here). <c>answers.jsonl</c> (not committed) holds every
/// text and is rebuilt from the manifest and fetched copies of the repositories.
/// </summary>
public static class RealSetFiles
{
    /// <summary>Licences under which a section's text may be committed with its notice (see SOURCES.md).</summary>
    private static readonly HashSet<string> Permissive = ["MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "CC0-1.0", "CC-BY-4.0", "Unlicense", "ISC"];

    /// <summary>Writes the manifest from a full answers file and the fetched repositories it came from.</summary>
    public static int WriteManifest(string answersPath, string manifestPath, string mirrors)
    {
        var lines = new List<string>();
        foreach (var line in File.ReadLines(answersPath).Where(l => l.Trim().Length > 0))
        {
            var answer = JsonNode.Parse(line)!.AsObject();
            var source = Show(mirrors, (string)answer["repo"]!, (string)answer["commit"]!, (string)answer["path"]!);
            var keepText = Permissive.Contains((string)answer["licence"]!);
            var sections = new JsonObject();
            var from = 0;
            foreach (var (name, value) in answer["parts"]!.AsObject())
            {
                var text = (string)value!;
                if (text.Length == 0)
                {
                    sections[name] = null;
                    continue;
                }

                var at = source.IndexOf(text, from, StringComparison.Ordinal);
                at = at < 0 ? source.IndexOf(text, StringComparison.Ordinal) : at;
                if (at < 0)
                {
                    Console.Error.WriteLine($"{answer["id"]}: {name} is not in {answer["repo"]}:{answer["path"]} at {answer["commit"]}");
                    return 1;
                }

                from = at + text.Length;
                var section = new JsonObject { ["start"] = at, ["length"] = text.Length, ["sha256"] = Sha(text) };
                if (keepText)
                {
                    section["text"] = text;
                }

                sections[name] = section;
            }

            answer.Remove("parts");
            answer["sections"] = sections;
            lines.Add(answer.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }

        File.WriteAllLines(manifestPath, lines);
        Console.WriteLine($"wrote {manifestPath}: {lines.Count} answers");
        return 0;
    }

    /// <summary>Rebuilds the full answers file from the manifest, reading sections without their text from the fetched repositories.</summary>
    public static int Rebuild(string manifestPath, string answersPath, string? mirrors)
    {
        var lines = new List<string>();
        var missing = new SortedSet<string>();
        foreach (var line in File.ReadLines(manifestPath).Where(l => l.Trim().Length > 0))
        {
            var answer = JsonNode.Parse(line)!.AsObject();
            var repo = (string)answer["repo"]!;
            string? source = null;
            var parts = new JsonObject();
            foreach (var (name, value) in answer["sections"]!.AsObject())
            {
                if (value is null)
                {
                    parts[name] = "";
                    continue;
                }

                var text = (string?)value["text"];
                if (text is null)
                {
                    if (mirrors is null || !Directory.Exists(MirrorOf(mirrors, repo)))
                    {
                        missing.Add(repo);
                        break;
                    }

                    source ??= Show(mirrors, repo, (string)answer["commit"]!, (string)answer["path"]!);
                    text = source.Substring((int)value["start"]!, (int)value["length"]!);
                }

                if (Sha(text) != (string)value["sha256"]!)
                {
                    Console.Error.WriteLine($"{answer["id"]}: {name} does not match its hash");
                    return 1;
                }

                parts[name] = text;
            }

            if (missing.Contains(repo))
            {
                continue;
            }

            answer.Remove("sections");
            answer["parts"] = parts;
            lines.Add(answer.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }

        File.WriteAllLines(answersPath, lines);
        Console.WriteLine($"wrote {answersPath}: {lines.Count} answers");
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"left out the answers of {missing.Count} repositories not fetched under {mirrors ?? "(no folder given)"}: {string.Join(", ", missing)}");
            return 3;
        }

        return 0;
    }

    /// <summary>A fetched repository's git folder: MIRRORS/owner+name/repo.</summary>
    private static string MirrorOf(string mirrors, string repo) => Path.Combine(mirrors, repo.Replace('/', '+'), "repo");

    private static string Show(string mirrors, string repo, string commit, string path)
    {
        var info = new ProcessStartInfo("git", ["--git-dir", MirrorOf(mirrors, repo), "show", $"{commit}:{path}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var git = Process.Start(info)!;
        var text = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? text : throw new InvalidOperationException($"git show {commit}:{path} in {repo}: {git.StandardError.ReadToEnd().Trim()}");
    }

    private static string Sha(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
