using System.Diagnostics;

namespace ChatApp.Bench.Infrastructure;

/// <summary>Publishes the server in Release once per bench run, so every scenario runs the same binary.</summary>
public static class ServerBuild
{
    static string? _dll;

    public static string PublishDir => Path.Combine(RepoPaths.BenchDir, "obj", "chatapp-release");

    public static string Dll => _dll ?? throw new InvalidOperationException("the server is not published yet");

    public static async Task PublishAsync()
    {
        Console.WriteLine($"publishing ChatApp (Release) to {PublishDir} …");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "publish", "ChatApp.csproj", "-c", "Release", "-o", PublishDir, "-nologo", "-v", "q" })
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed:\n{await output}\n{await errors}");
        _dll = Path.Combine(PublishDir, "ChatApp.dll");
    }
}
