using ChatApp.Commands;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Infrastructure;

/// <summary>The seed command run in-process (through the app's command line) against a temp database file, with the test server's fixed clock.</summary>
public sealed class SeedRun : IDisposable
{
    public string DatabasePath { get; } = ChatAppFactory.TempDatabasePath();

    public (int Code, string Out, string Error) Run(params string[] args) => RunWithoutDb(
        [.. args, "--db", DatabasePath]);

    public static (int Code, string Out, string Error) RunWithoutDb(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ChatCommandLine.RunAsync(["seed", .. args], new CommandConsole(output, error, Interactive: false),
            new FakeTimeProvider(ChatAppFactory.Start)).GetAwaiter().GetResult();
        return (code ?? throw new InvalidOperationException("the command line asked to serve"), output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true); }
        catch (IOException) { }
    }
}
