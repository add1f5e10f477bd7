using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace ChatApp.Commands;

/// <summary>
/// The one command line: no verb serves; <c>seed</c>, <c>invite</c>, <c>users</c> and <c>backup</c> run and exit.
/// Every verb has <c>--help</c> and takes <c>--db PATH</c>. Exit codes: 0 done, 1 failed, 2 bad usage, each
/// failure or usage error as one line on stderr.
/// </summary>
public static class ChatCommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    /// <summary>The exit code of the verb that ran, or null when the arguments ask to serve.</summary>
    public static Task<int?> RunAsync(string[] args) => RunAsync(args, CommandConsole.System(), TimeProvider.System);

    public static async Task<int?> RunAsync(string[] args, CommandConsole console, TimeProvider clock)
    {
        var db = new Option<string?>("--db")
        {
            Description = "The database file (default: Database:Path in appsettings.json, CHATAPP_DB or Database__Path, else data/chat.db)",
            HelpName = "PATH",
            Recursive = true,
        };
        db.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } path && path.Trim().Length == 0)
                r.AddError("--db must not be empty");
        });
        var root = Root(db, console, clock);

        // 'help' and 'help VERB' read as '--help' and 'VERB --help'.
        if (args is ["help", .. var rest])
            args = [.. rest, "--help"];
        var result = root.Parse(args);
        var serving = result.CommandResult.Command == root;
        // Serving, the unmatched arguments are settings for the host (the parser reports them on the root command).
        // An error that quotes the bad argument first: 'seed posts' is about 'posts' more than the missing target.
        var errors = result.Errors.Where(e => !(serving && e.SymbolResult == result.CommandResult))
            .OrderBy(e => e.Message.Contains('\'') ? 0 : 1).ToList();
        if (result.Action is not HelpAction && errors.Count > 0)
            return Usage(console, result.CommandResult, errors[0].Message);
        if (serving && result.Action is not HelpAction && (result.Action == root.Action || result.Action is ParseErrorAction))
            return ServeSettings.FirstInvalid(result.UnmatchedTokens) is { } wrong ? Usage(console, result.CommandResult, wrong) : null;

        return await result.InvokeAsync(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        });
    }

    static RootCommand Root(Option<string?> db, CommandConsole console, TimeProvider clock)
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Where to listen, ';'-separated (default http://localhost:5000)",
            HelpName = "URLS",
        };
        var root = new RootCommand("""
            ChatApp: a self-hostable chat server. With no command it serves the API and the hub.
            Any setting can follow as --Section:Key VALUE (e.g. --RateLimits:Enabled false).
            """)
        {
            urls,
            db,
            SeedVerb.Create(db, console, clock),
            AdminVerbs.Invite(db, console),
            AdminVerbs.Users(db, console),
            AdminVerbs.Backup(db, console),
        };
        // Settings (--Cors:Origins …) pass through to the host, which reads them from the same arguments
        // (checked by ServeSettings); on every verb an unknown argument stays an error.
        root.SetAction(_ => Ok);
        return root;
    }

    static int Usage(CommandConsole console, CommandResult command, string error)
    {
        var path = new List<string>();
        for (SymbolResult? at = command; at is CommandResult c; at = c.Parent)
            if (c.Parent is not null)
                path.Insert(0, c.Command.Name);
        var verb = string.Join(" ", path.Prepend("chatapp"));
        console.Error.WriteLine($"{verb}: {error} (see '{verb} --help')");
        return BadUsage;
    }
}
