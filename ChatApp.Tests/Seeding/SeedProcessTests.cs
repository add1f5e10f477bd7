using System.Diagnostics;

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
        Assert.StartsWith("chatapp seed: unknown subcommand 'posts'", error);
    }

    static async Task<(int Code, string Out, string Error)> RunAppAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
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
