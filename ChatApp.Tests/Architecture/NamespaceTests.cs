using System.Text.RegularExpressions;

namespace ChatApp.Tests.Architecture;

/// <summary>
/// Dependencies between the app's areas, read from its source: every <c>using ChatApp.…</c> and every
/// qualified <c>ChatApp.X.</c> name. Transports (Modules, Hubs) call services (Features), services call
/// Data; nothing below calls back up.
/// </summary>
public sealed partial class NamespaceTests
{
    static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Data"] = [],
        ["Contracts"] = ["Data"],
        ["Features"] = ["Contracts", "Data"],
        ["Modules"] = ["Features", "Contracts"],
        ["Hubs"] = ["Features", "Contracts"],
        ["Seeding"] = ["Features", "Contracts", "Data", "Hosting"],
        ["Hosting"] = ["Modules", "Hubs", "Features", "Contracts", "Data"],
        ["Commands"] = ["Seeding", "Features", "Contracts", "Data", "Hosting"],
        ["(root)"] = ["Commands", "Modules", "Hubs", "Features", "Contracts", "Data", "Hosting"],
    };

    [GeneratedRegex(@"^namespace\s+ChatApp(?:\.(\w+))?(?:\.(\w+))?", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\bChatApp\.(\w+)(?:\.(\w+))?")]
    private static partial Regex Reference();

    [Fact]
    public void EachAreaDependsOnlyOnTheAreasBelowIt()
    {
        var edges = Edges(level: 1);

        var wrong = edges.Where(e => !Allowed[e.From].Contains(e.To)).Select(e => $"{e.From} -> {e.To} ({e.File})");

        Assert.Empty(wrong);
        Assert.Contains(edges, e => e is { From: "Modules", To: "Features" });
    }

    [Fact]
    public void NoTwoAreasOrFeaturesDependOnEachOtherInACycle()
    {
        foreach (var level in new[] { 1, 2 })
        {
            var graph = Edges(level)
                .Where(e => level == 1 || (e.From.StartsWith("Features.", StringComparison.Ordinal) && e.To.StartsWith("Features.", StringComparison.Ordinal)))
                .GroupBy(e => e.From)
                .ToDictionary(g => g.Key, g => g.Select(e => e.To).ToHashSet());

            Assert.Null(FindCycle(graph));
        }
    }

    [Fact]
    public void ACycleIsFoundWhenThereIsOne()
    {
        var graph = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };

        Assert.Equal("A -> B -> C -> A", FindCycle(graph));
        Assert.Null(FindCycle(new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"] }));
    }

    /// <summary>Area edges between source files: level 1 is the area (Data, Features…), level 2 adds the feature (Features.Messages…).</summary>
    static List<(string From, string To, string File)> Edges(int level)
    {
        var edges = new List<(string, string, string)>();
        foreach (var file in AppSources())
        {
            var text = File.ReadAllText(file);
            var declared = Namespace().Match(text);
            // Program.cs (top-level statements) is the one file in the root namespace.
            Assert.True(declared.Success || Path.GetFileName(file) == "Program.cs", $"{file} declares no ChatApp namespace");
            var from = declared.Success ? Node(declared.Groups[1].Value, declared.Groups[2].Value, level) : "(root)";
            foreach (Match reference in Reference().Matches(text))
            {
                if (declared.Success && reference.Index == declared.Index + "namespace ".Length)
                    continue;
                var to = Node(reference.Groups[1].Value, reference.Groups[2].Value, level);
                // Types named ChatApp.X where X is not an area (e.g. ChatApp.Tests in comments) are not edges.
                if (to != from && Allowed.ContainsKey(to.Split('.')[0]))
                    edges.Add((from, to, Path.GetRelativePath(RepositoryRoot(), file)));
            }
        }
        return edges.Distinct().ToList();
    }

    static string Node(string area, string sub, int level) =>
        area.Length == 0 ? "(root)" : level == 2 && area == "Features" && sub.Length > 0 && char.IsUpper(sub[0]) ? $"{area}.{sub}" : area;

    static string? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        string? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0)
                return string.Join(" -> ", path.Skip(at).Append(node));
            if (!done.Add(node))
                return null;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
                if (Visit(next) is { } cycle)
                    return cycle;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        return graph.Keys.Order().Select(Visit).FirstOrDefault(c => c is not null);
    }

    static IEnumerable<string> AppSources()
    {
        var root = RepositoryRoot();
        string[] notApp = ["ChatApp.Tests", "bench", "tools", "clients", "bin", "obj", "deploy", "docs"];
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !notApp.Contains(Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar)[0]))
            .Where(f => Path.GetFileName(f) != "Program.cs" || Path.GetDirectoryName(f) == root);
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ChatApp.csproj")))
                return dir.FullName;
        throw new InvalidOperationException("ChatApp.csproj not found above the test binaries");
    }
}
