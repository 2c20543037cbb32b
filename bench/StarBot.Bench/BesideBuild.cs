using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using StarBot.Core.Analysis;
using StarBot.Core.Content;
using StarBot.Core.Replies;

namespace StarBot.Bench;

/// <summary>
/// Another build's analyzer (its <c>StarBot.Core.dll</c>, loaded in a context of its own, with the calibration it
/// shipped), so that its verdicts are scored on today's cases by today's harness: "before" figures stay comparable
/// when the real set grows.
/// </summary>
public static class BesideBuild
{
    /// <summary>The other build's <c>Analyze</c>, returning its own <c>StarAnalysis</c> (a type of its context, not ours).</summary>
    public static Func<string, object> LoadAnalyze(string dll)
    {
        var context = new AssemblyLoadContext("beside");
        var folder = Path.GetDirectoryName(Path.GetFullPath(dll))!;
        context.Resolving += (c, name) => File.Exists(Path.Combine(folder, name.Name + ".dll")) ? c.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
        var type = context.LoadFromAssemblyPath(Path.GetFullPath(dll)).GetType("StarBot.Core.Analysis.StarAnalyzer", throwOnError: true)!;
        var analyzer = Activator.CreateInstance(type)!;
        var analyze = type.GetMethod("Analyze", BindingFlags.Public | BindingFlags.Instance)!;
        return text => analyze.Invoke(analyzer, [text])!;
    }

    /// <summary>The other build's verdicts as this build's <see cref="StarAnalysis"/> (statuses only), for scoring.</summary>
    public static Func<string, StarAnalysis> Load(string dll)
    {
        var analyze = LoadAnalyze(dll);
        return text =>
        {
            var result = analyze(text);
            var statuses = new Dictionary<StarPart, PartStatus>();
            foreach (var entry in (IEnumerable)result.GetType().GetProperty("Parts")!.GetValue(result)!)
            {
                var key = Enum.Parse<StarPart>(entry.GetType().GetProperty("Key")!.GetValue(entry)!.ToString()!);
                var value = entry.GetType().GetProperty("Value")!.GetValue(entry)!;
                statuses[key] = Enum.Parse<PartStatus>(value.GetType().GetProperty("Status")!.GetValue(value)!.ToString()!);
            }

            return Evaluation.Verdicts(p => statuses[p]);
        };
    }
}
