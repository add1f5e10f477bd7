using ChatApp.Commands;

namespace ChatApp.Tests.Infrastructure;

/// <summary>The app's command line run in-process, as <c>dotnet run -- ARGS</c> would run it.</summary>
public static class CommandRun
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ChatCommandLine.RunAsync(args, new CommandConsole(output, error, Interactive: false), TimeProvider.System);
        return (code ?? throw new InvalidOperationException("the arguments asked to serve"), output.ToString(), error.ToString());
    }

    public static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
