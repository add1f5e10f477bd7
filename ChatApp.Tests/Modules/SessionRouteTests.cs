using System.Net;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Modules;

public sealed class SessionRouteTests
{
    static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task SessionsListEveryLiveLoginAndMarkTheCallersOwn()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        await app.SignUpAsync("ada");
        await app.SignUpAsync("bob");
        var first = await app.LoginAsync("ada");
        var second = await app.LoginAsync("ada");
        await app.LoginAsync("bob");

        var response = await app.ClientWithToken(second).GetAsync("/sessions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sessions = (JArray)await response.ReadJsonAsync();
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.Equal(["id", "created_at", "expires_at", "current"], ((JObject)s).Properties().Select(p => p.Name)));
        Assert.All(sessions, s => Assert.Equal(JTokenType.Integer, s["id"]!.Type));
        Assert.All(sessions, s => Assert.Equal("2026-11-24T08:15:30.123Z", (string?)s["created_at"]));
        Assert.Equal([false, true], sessions.Select(s => (bool)s["current"]!));
        Assert.True((int)sessions[0]["id"]! < (int)sessions[1]["id"]!);
        Assert.Equal([true, false], (await app.ClientWithToken(first).GetArrayAsync("/sessions")).Select(s => (bool)s["current"]!));
    }

    [Fact]
    public async Task EndingASessionKillsItsTokenAndClosesItsHubConnectionsWithinASecond()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        await app.SignUpAsync("ada");
        var kept = await app.LoginAsync("ada");
        var lost = await app.LoginAsync("ada");
        var keeper = app.ClientWithToken(kept);
        var lostId = (int)(await keeper.GetArrayAsync("/sessions")).Single(s => !(bool)s["current"]!)["id"]!;
        var (lostHub, _) = await app.ConnectAsync(lost);
        var (keptHub, _) = await app.ConnectAsync(kept);
        await using (lostHub) await using (keptHub)
        {
            await lostHub.AssertClosesWithinAsync(OneSecond, async () =>
                Assert.Equal(HttpStatusCode.NoContent, (await keeper.DeleteAsync($"/sessions/{lostId}")).StatusCode));

            await (await app.ClientWithToken(lost).GetAsync("/user")).IsProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal(HttpStatusCode.OK, (await keeper.GetAsync("/user")).StatusCode);
            Assert.Equal(HubConnectionState.Connected, keptHub.State);
            Assert.Equal([true], (await keeper.GetArrayAsync("/sessions")).Select(s => (bool)s["current"]!));
            await (await keeper.DeleteAsync($"/sessions/{lostId}")).IsProblemAsync(HttpStatusCode.NotFound);
            await (await keeper.DeleteAsync("/sessions/999999")).IsProblemAsync(HttpStatusCode.NotFound);
            await Assert.ThrowsAnyAsync<Exception>(() => app.ConnectAsync(lost));
        }
    }

    [Fact]
    public async Task AnotherUsersSessionIdIs404AndThatSessionLivesOn()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        await app.SignUpAsync("ada");
        await app.SignUpAsync("eve");
        var ada = app.ClientWithToken(await app.LoginAsync("ada"));
        var eve = app.ClientWithToken(await app.LoginAsync("eve"));
        var adaSession = (int)(await ada.GetArrayAsync("/sessions")).Single()["id"]!;

        await (await eve.DeleteAsync($"/sessions/{adaSession}")).IsProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/user")).StatusCode);
        Assert.Single(await ada.GetArrayAsync("/sessions"));
    }

    [Fact]
    public async Task APasswordChangeEndsEveryOtherSessionAtOnceWithItsHubConnections()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        await app.SignUpAsync("ada");
        var current = await app.LoginAsync("ada");
        var others = new[] { await app.LoginAsync("ada"), await app.LoginAsync("ada") };
        var client = app.ClientWithToken(current);
        var (currentHub, _) = await app.ConnectAsync(current);
        var otherHubs = new List<HubConnection>();
        foreach (var token in others)
            otherHubs.Add((await app.ConnectAsync(token)).Connection);
        var closed = otherHubs.Select(h => h.ClosedAsync()).ToList();

        var response = await client.PostJsonAsync("/user/password", new { current_password = TestApi.Password, new_password = "a new long password" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var all = Task.WhenAll(closed);
        Assert.True(await Task.WhenAny(all, Task.Delay(OneSecond)) == all, "another session's hub connection was open a second after the change");
        foreach (var token in others)
            await (await app.ClientWithToken(token).GetAsync("/user")).IsProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/user")).StatusCode);
        Assert.Equal(HubConnectionState.Connected, currentHub.State);
        Assert.Equal([true], (await client.GetArrayAsync("/sessions")).Select(s => (bool)s["current"]!));
        var anonymous = app.CreateClient();
        await (await anonymous.PostJsonAsync("/login", new { username = "ada", password = TestApi.Password })).IsProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostJsonAsync("/login", new { username = "ada", password = "a new long password" })).StatusCode);
        await currentHub.DisposeAsync();
        foreach (var hub in otherHubs)
            await hub.DisposeAsync();
    }

    [Fact]
    public async Task AWrongCurrentPasswordIs403AndChangesNothing()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        await app.SignUpAsync("ada");
        var client = app.ClientWithToken(await app.LoginAsync("ada"));
        var other = app.ClientWithToken(await app.LoginAsync("ada"));

        await (await client.PostJsonAsync("/user/password", new { current_password = "not the password", new_password = "a new long password" }))
            .IsProblemAsync(HttpStatusCode.Forbidden);
        var missing = await (await client.PostJsonAsync("/user/password", new { current_password = TestApi.Password, new_password = "short" }))
            .IsProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["new_password"], ((JObject)missing["errors"]!).Properties().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/user")).StatusCode);
        await app.LoginAsync("ada");
    }
}
