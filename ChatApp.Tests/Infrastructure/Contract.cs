namespace ChatApp.Tests.Infrastructure;

/// <summary>The route table of docs/API.md, the project's own API reference, read from the file itself.</summary>
public static class Contract
{
    public const string RelativePath = "docs/API.md";

    public sealed record Route(string Method, string Path, bool NeedsToken, int Success);

    public static IReadOnlyList<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var line in File.ReadLines(FindReference()))
        {
            // | GET | `/message/{id}` | yes | – | 200 Message[] | notes |
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 7 || cells[1] is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
                continue;
            routes.Add(new Route(cells[1], cells[2].Trim('`'), cells[3] == "yes", int.Parse(cells[5][..3])));
        }
        return routes;
    }

    /// <summary>
    /// The reference inside this repository: the first folder above the test binaries holding both
    /// ChatApp.csproj and docs/API.md, so a fresh clone needs nothing beside it.
    /// </summary>
    public static string FindReference()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "ChatApp.csproj")))
                return candidate;
        }
        throw new FileNotFoundException($"{RelativePath} was not found in a ChatApp repository above " + AppContext.BaseDirectory);
    }
}
