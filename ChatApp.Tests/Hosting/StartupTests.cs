using System.Diagnostics;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Hosting;

/// <summary>Runs the real app as a child process: start-up failures end it with one readable line.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task AnInvalidOptionStopsTheServerWithOneLineNamingIt()
    {
        var (exitCode, stderr) = await RunAppAsync("--db", ChatAppFactory.TempDatabasePath(), "--Auth:BcryptWorkFactor", "99");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("chatapp: ", line);
        Assert.Contains("BcryptWorkFactor", line);
    }

    [Fact]
    public async Task ASigningKeyShorterThan32BytesIsRefusedAtStartUp()
    {
        var (exitCode, stderr) = await RunAppAsync("--db", ChatAppFactory.TempDatabasePath(), "--Auth:SigningKey", "too-short");

        Assert.Equal(1, exitCode);
        Assert.Contains("at least 32 bytes", stderr);
        Assert.DoesNotContain("too-short", stderr);
    }

    [Fact]
    public async Task ADatabaseInUseByAnotherProcessStopsTheServerWithOneLine()
    {
        var path = ChatAppFactory.TempDatabasePath();
        using (ChatDatabase.Open(path))
        {
            var (exitCode, stderr) = await RunAppAsync("--db", path, "--urls", "http://127.0.0.1:0");

            Assert.Equal(1, exitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("in use by another ChatApp process", line);
        }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task AFileThatIsNotADatabaseStopsTheServerWithOneLine()
    {
        var path = ChatAppFactory.TempDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 31)).ToArray());

        var (exitCode, stderr) = await RunAppAsync("--db", path, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("chatapp: cannot open database", line);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    static async Task<(int ExitCode, string Stderr)> RunAppAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChatApp.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr);
    }
}
