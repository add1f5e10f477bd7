namespace ChatApp.Bench.Infrastructure;

public static class RepoPaths
{
    /// <summary>The folder holding ChatApp.csproj, found upwards from the working directory or this binary.</summary>
    public static string Root { get; } = Find();

    public static string BenchDir => Path.Combine(Root, "bench");

    public static string ResultsDir => Path.Combine(BenchDir, "results");

    static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ChatApp.csproj")))
                    return dir.FullName;
        throw new InvalidOperationException("cannot find ChatApp.csproj above the working directory");
    }
}
