using System.Diagnostics;

namespace ChatApp.Bench.Infrastructure;

/// <summary>A published ChatApp: which source it came from and the dll to run.</summary>
public sealed record ServerBinary(string Label, string Dll);

/// <summary>
/// Publishes the server in Release once per bench run, so every scenario runs the same binary; and, for
/// the before/after scenarios, the server as it was at an older commit.
/// </summary>
public static class ServerBuild
{
    static ServerBinary? _current;
    static readonly Dictionary<string, ServerBinary> Commits = [];

    public static string PublishDir => Path.Combine(RepoPaths.BenchDir, "obj", "chatapp-release");

    /// <summary>Older commits are unpacked and published here, one folder per full commit hash, and kept.</summary>
    public static string CommitsDir => Path.Combine(Path.GetTempPath(), "chatapp-bench-commits");

    public static string Dll => Current.Dll;

    /// <summary>The working tree as it is (uncommitted changes included).</summary>
    public static ServerBinary Current => _current ?? throw new InvalidOperationException("the server is not published yet");

    public static async Task PublishAsync()
    {
        Console.WriteLine($"publishing ChatApp (Release) to {PublishDir} …");
        await PublishAsync(RepoPaths.Root, PublishDir);
        var head = (await RunAsync("git", RepoPaths.Root, "rev-parse", "--short", "HEAD")).Trim();
        var dirty = (await RunAsync("git", RepoPaths.Root, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench")).Trim();
        _current = new ServerBinary($"{head}{(dirty.Length > 0 ? "+changes" : "")}", Path.Combine(PublishDir, "ChatApp.dll"));
    }

    /// <summary>
    /// ChatApp as committed at <paramref name="commit"/>: <c>git archive</c> of that commit unpacked into a
    /// folder of its own (no worktree, nothing written to the repository), then published in Release there.
    /// A commit already published by an earlier run is reused: its source cannot change.
    /// </summary>
    public static async Task<ServerBinary> PublishCommitAsync(string commit)
    {
        var full = (await RunAsync("git", RepoPaths.Root, "rev-parse", "--verify", "--quiet", $"{commit}^{{commit}}")).Trim();
        if (Commits.TryGetValue(full, out var known))
            return known;
        var root = Path.Combine(CommitsDir, full);
        var source = Path.Combine(root, "src");
        var publish = Path.Combine(root, "publish");
        var dll = Path.Combine(publish, "ChatApp.dll");
        var done = Path.Combine(root, "published");
        if (!File.Exists(done))
        {
            Console.WriteLine($"publishing ChatApp (Release) at commit {full[..12]} to {publish} …");
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
            Directory.CreateDirectory(source);
            var archive = Path.Combine(root, "source.tar");
            await RunAsync("git", RepoPaths.Root, "archive", "--format=tar", "-o", archive, full);
            await RunAsync("tar", source, "-xf", archive);
            File.Delete(archive);
            await PublishAsync(source, publish);
            await File.WriteAllTextAsync(done, full);
        }
        else
            Console.WriteLine($"ChatApp at commit {full[..12]}: published by an earlier run, {publish}");
        var binary = new ServerBinary(full[..7], dll);
        Commits[full] = binary;
        return binary;
    }

    static Task PublishAsync(string sourceRoot, string outputDir) =>
        RunAsync("dotnet", sourceRoot, "publish", "ChatApp.csproj", "-c", "Release", "-o", outputDir, "-nologo", "-v", "q");

    /// <summary>Runs a command to its end; its standard output, or an exception with everything it printed.</summary>
    internal static async Task<string> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        return await output;
    }
}
