using System.Net;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Hosting.Admin;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Tests.Commands;

/// <summary>
/// The admin commands against a running server: it holds the database's lock, so each one can only have
/// worked through the admin socket (a real Unix socket; only the command's code runs in this process).
/// </summary>
public sealed class AdminCommandLiveTests
{
    static async Task<ChatAppFactory> StartedAsync(Dictionary<string, string?>? settings = null)
    {
        var app = new ChatAppFactory(settings: settings);
        _ = app.Server;
        var socket = AdminProtocol.SocketPath(app.DatabasePath);
        for (var waited = 0; !File.Exists(socket) && waited < 100; waited++)
            await Task.Delay(50);
        return app;
    }

    [Fact]
    public async Task TheSocketIsOwnerOnlyAndListsUsersOfTheRunningServer()
    {
        await using var app = await StartedAsync();
        var ada = await app.CreateUserAsync("ada");

        var (code, output, error) = await CommandRun.RunAsync("users", "list", "--db", app.DatabasePath);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal($"{ada.Id}\tada\t2026-11-24T08:15:30Z", Assert.Single(CommandRun.Lines(output)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AdminProtocol.SocketPath(app.DatabasePath)));
    }

    [Fact]
    public async Task DisableRefusesLoginAndClosesTheUsersHubConnectionsWithinASecond()
    {
        await using var app = await StartedAsync();
        var ada = await app.CreateUserAsync("ada");
        var (hub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _1 = hub;
        var closed = hub.ClosedAsync();

        var (code, output, _) = await CommandRun.RunAsync("users", "disable", "ada", "--db", app.DatabasePath);

        Assert.Equal(0, code);
        Assert.Equal("disabled ada: every session ended", CommandRun.Lines(output).Single());
        await closed.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        var login = await app.CreateClient().PostJsonAsync("/login", new { username = "ada", password = TestApi.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor(ada).GetAsync("/user")).StatusCode);

        Assert.Equal(0, (await CommandRun.RunAsync("users", "enable", "ada", "--db", app.DatabasePath)).Code);
        login = await app.CreateClient().PostJsonAsync("/login", new { username = "ada", password = TestApi.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task ResetPasswordPrintsAPasswordThatWorksAndOldTokensFail()
    {
        await using var app = await StartedAsync();
        await app.CreateUserAsync("ada");
        var session = await (await app.CreateClient().PostJsonAsync("/login", new { username = "ada", password = TestApi.Password })).ReadJsonAsync();
        var old = app.ClientWithToken((string)session["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/user")).StatusCode);

        var (code, output, _) = await CommandRun.RunAsync("users", "reset-password", "ada", "--db", app.DatabasePath);

        Assert.Equal(0, code);
        var password = CommandRun.Lines(output).Single().Split("new password for ada: ")[1];
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/user")).StatusCode);
        var wrong = await app.CreateClient().PostJsonAsync("/login", new { username = "ada", password = TestApi.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var login = await app.CreateClient().PostJsonAsync("/login", new { username = "ada", password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task AnInviteCodeFromTheCommandLetsOneSignUpInInviteMode()
    {
        await using var app = await StartedAsync(new() { ["Registration:Mode"] = "invite" });
        var client = app.CreateClient();
        Assert.False((await client.PostJsonAsync("/user", new { username = "ada", password = TestApi.Password })).IsSuccessStatusCode);

        var (code, output, _) = await CommandRun.RunAsync("invite", "create", "--uses", "1", "--expires-in-days", "2", "--db", app.DatabasePath);

        Assert.Equal(0, code);
        var invite = CommandRun.Lines(output).Single();
        Assert.Equal(HttpStatusCode.Created,
            (await client.PostJsonAsync("/user", new { username = "ada", password = TestApi.Password, invite_code = invite })).StatusCode);
        Assert.False((await client.PostJsonAsync("/user",
            new { username = "bob", password = TestApi.Password, invite_code = invite })).IsSuccessStatusCode);
    }

    [Fact]
    public async Task DeleteAndBackupRunOnTheServerAndAnUnknownNameExits1WithOneLine()
    {
        await using var app = await StartedAsync();
        await app.CreateUserAsync("ada");
        await app.CreateUserAsync("bob");
        var backup = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "copies", "b.db");

        Assert.Equal(0, (await CommandRun.RunAsync("users", "delete", "bob", "--db", app.DatabasePath)).Code);
        var (code, output, _) = await CommandRun.RunAsync("backup", backup, "--db", app.DatabasePath);
        var unknown = await CommandRun.RunAsync("users", "disable", "bob", "--db", app.DatabasePath);

        Assert.Equal(0, code);
        Assert.Equal($"backup written to {backup}", CommandRun.Lines(output).Single());
        Assert.Equal((1, "", "chatapp users: no user is named 'bob'" + Environment.NewLine), unknown);
        using var copy = ChatDatabase.Open(backup);
        Assert.Equal(["ada"], new UserStore(copy, TimeProvider.System).All().Where(u => !u.Deleted).Select(u => u.Username));
    }
}
