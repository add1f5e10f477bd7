using System.Net.Sockets;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Hosting.Admin;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Commands;

/// <summary>The admin commands with no server on the database: they open the file themselves.</summary>
public sealed class AdminCommandFileTests
{
    [Fact]
    public async Task CommandsWorkOnTheFileWhenNoServerRuns()
    {
        using var seed = new SeedRun();
        Assert.Equal(0, seed.Run("users", "--count", "3", "--seed", "1").Code);
        var db = seed.DatabasePath;
        var name = FirstUsername(db);
        var backup = Path.Combine(Path.GetDirectoryName(db)!, "b.db");

        var disabled = await CommandRun.RunAsync("users", "disable", name, "--db", db);
        var list = await CommandRun.RunAsync("users", "list", "--db", db);
        var invite = await CommandRun.RunAsync("invite", "create", "--db", db);
        var copy = await CommandRun.RunAsync("backup", backup, "--db", db);

        Assert.Equal((0, $"disabled {name}: every session ended" + Environment.NewLine, ""), disabled);
        Assert.Equal(3, CommandRun.Lines(list.Out).Length);
        Assert.EndsWith($"\t{name}\t" + CommandRun.Lines(list.Out)[0].Split('\t')[2] + "\tdisabled", CommandRun.Lines(list.Out)[0]);
        Assert.Matches("^[A-Z0-9]{8,}$", CommandRun.Lines(invite.Out).Single());
        Assert.Equal(0, copy.Code);
        using var opened = ChatDatabase.Open(backup);
        Assert.Equal(3, new UserStore(opened, TimeProvider.System).All().Count());
        Assert.True(new UserStore(opened, TimeProvider.System).FindByUsername(name)!.Disabled);
    }

    [Fact]
    public async Task AStaleSocketLeftByAKilledServerIsPassedOverAndReplacedByTheNextServer()
    {
        using var seed = new SeedRun();
        Assert.Equal(0, seed.Run("users", "--count", "2", "--seed", "1").Code);
        var socket = AdminProtocol.SocketPath(seed.DatabasePath);
        // A socket file with nobody listening: what a server killed with SIGKILL leaves.
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            dead.Bind(new UnixDomainSocketEndPoint(socket));
        if (!File.Exists(socket))
            File.WriteAllText(socket, "");

        var offline = await CommandRun.RunAsync("users", "list", "--db", seed.DatabasePath);
        Assert.Equal(0, offline.Code);
        Assert.Equal(2, CommandRun.Lines(offline.Out).Length);

        await using var app = new ChatAppFactory(seed.DatabasePath);
        _ = app.Server;
        await app.CreateUserAsync("ada");
        (int Code, string Out, string Error) live = (0, "", "");
        for (var tries = 0; tries < 50 && live.Code == 0 && CommandRun.Lines(live.Out).Length != 3; tries++)
        {
            live = await CommandRun.RunAsync("users", "list", "--db", seed.DatabasePath);
            await Task.Delay(50);
        }
        Assert.Equal(0, live.Code);
        Assert.Equal(3, CommandRun.Lines(live.Out).Length);
    }

    [Theory]
    [InlineData(2, "chatapp users disable: Required argument 'NAME' missing", "users", "disable")]
    [InlineData(2, "chatapp users: Unrecognized command or argument 'frob'.", "users", "frob")]
    [InlineData(2, "chatapp users list: Unrecognized command or argument 'extra'.", "users", "list", "extra")]
    [InlineData(2, "chatapp invite create: --uses must be a whole number from 1 to 1,000,000, not '0'", "invite", "create", "--uses", "0")]
    [InlineData(2, "chatapp invite create: --expires-in-days must be a number of days above 0", "invite", "create", "--expires-in-days", "-1")]
    [InlineData(2, "chatapp backup: Required argument 'FILE' missing", "backup")]
    [InlineData(2, "chatapp: unknown command or argument 'serve'", "serve")]
    [InlineData(1, "chatapp users: no user is named 'nobody'", "users", "reset-password", "nobody")]
    public async Task BadInputIsOneLineOnStderrAndANonZeroExit(int exit, string start, params string[] args)
    {
        using var seed = new SeedRun();
        Assert.Equal(0, seed.Run("users", "--count", "1").Code);

        var (code, output, error) = await CommandRun.RunAsync([.. args, "--db", seed.DatabasePath]);

        Assert.Equal(exit, code);
        Assert.Equal("", output);
        Assert.StartsWith(start, Assert.Single(CommandRun.Lines(error)));
    }

    [Fact]
    public async Task HelpListsEveryVerbAndServingArgumentsPassThrough()
    {
        var (code, output, _) = await CommandRun.RunAsync("--help");
        var help = await CommandRun.RunAsync("help", "users");

        Assert.Equal(0, code);
        foreach (var verb in new[] { "seed", "invite", "users", "backup", "--urls", "--db" })
            Assert.Contains(verb, output);
        Assert.Equal(0, help.Code);
        foreach (var verb in new[] { "list", "disable", "enable", "reset-password", "delete" })
            Assert.Contains(verb, help.Out);
        Assert.Null(await global::ChatApp.Commands.ChatCommandLine.RunAsync(["--urls", "http://127.0.0.1:0", "--db", "x.db", "--Cors:Origins", "http://a",
            "--RateLimits:Enabled=false"], new(TextWriter.Null, TextWriter.Null, false), TimeProvider.System));
    }

    static string FirstUsername(string db)
    {
        using var opened = ChatDatabase.Open(db);
        return new UserStore(opened, TimeProvider.System).All().First().Username;
    }
}
