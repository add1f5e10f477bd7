namespace ChatApp.Tests.SelfHosting;

/// <summary>The route table of ../shared/CONTRACT.md, read from the file itself.</summary>
public static class Contract
{
    public sealed record Route(string Method, string Path, bool NeedsToken, int Success);

    public static IReadOnlyList<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var line in File.ReadLines(FindContract()))
        {
            // | GET | `/message/{id}` | yes | – | 200 Message[] | notes |
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 7 || cells[1] is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
                continue;
            routes.Add(new Route(cells[1], cells[2].Trim('`'), cells[3] == "yes", int.Parse(cells[5][..3])));
        }
        return routes;
    }

    static string FindContract()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "CONTRACT.md");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("shared/CONTRACT.md was not found above " + AppContext.BaseDirectory);
    }
}
