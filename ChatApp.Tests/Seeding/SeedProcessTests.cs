using System.Diagnostics;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Seeding;

/// <summary>The built app run as a child process: Program.cs hands <c>seed</c> over before any web host starts.</summary>
public sealed class SeedProcessTests
{
    [Fact]
    public async Task TheAppSeedsAndExitsWithoutStartingTheServer()
    {
        using var seed = new SeedRun();

        var (code, output, error) = await RunAppAsync("seed", "users", "--count", "3", "--db", seed.DatabasePath);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("created 3 users in ", output);
        Assert.DoesNotContain("Now listening", output);
        Assert.DoesNotContain("\r", output);
    }

    [Fact]
    public async Task TheAppAnswersBadSeedUsageWithExitCode2()
    {
        var (code, output, error) = await RunAppAsync("seed", "posts");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("chatapp seed: Unrecognized command or argument 'posts'.", error);
    }

    [Fact]
    public async Task TheDatabaseIsFoundLikeTheServerFindsIt()
    {
        using var seed = new SeedRun();
        var folder = Path.GetDirectoryName(seed.DatabasePath)!;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), """{ "Database": { "Path": "from-appsettings.db" } }""");
        string Seeded(string file) => Path.Combine(folder, file);

        Assert.Equal(0, (await RunAppInAsync(folder, [], "seed", "users", "--count", "2")).Code);
        Assert.Equal(0, (await RunAppInAsync(folder, [("Database__Path", Seeded("from-env.db"))],
            "seed", "users", "--count", "2")).Code);
        Assert.Equal(0, (await RunAppInAsync(folder, [("Database__Path", Seeded("x.db")), ("CHATAPP_DB", Seeded("from-alias.db"))],
            "seed", "users", "--count", "2")).Code);
        Assert.Equal(0, (await RunAppInAsync(folder, [("CHATAPP_DB", Seeded("y.db"))],
            "seed", "users", "--count", "2", "--db", "from-option.db")).Code);

        Assert.Equal(["from-alias.db", "from-appsettings.db", "from-env.db", "from-option.db"],
            Directory.GetFiles(folder, "*.db").Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task AnInvalidConfiguredValueExits1WithOneLineAndWritesNothing()
    {
        using var seed = new SeedRun();

        var (code, output, error) = await RunAppInAsync(Path.GetTempPath(), [("Auth__BcryptWorkFactor", "3")],
            "seed", "users", "--db", seed.DatabasePath);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("chatapp seed: invalid configuration: Auth:BcryptWorkFactor: The field BcryptWorkFactor must be between 4 and 31.\n",
            error.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(seed.DatabasePath));
    }

    static Task<(int Code, string Out, string Error)> RunAppAsync(params string[] args) =>
        RunAppInAsync(Path.GetTempPath(), [], args);

    static async Task<(int Code, string Out, string Error)> RunAppInAsync(string folder,
        (string Name, string Value)[] environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        // Only what the test sets: the database settings of the machine running the tests must not leak in.
        start.Environment.Remove("CHATAPP_DB");
        start.Environment.Remove("Database__Path");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChatApp.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
