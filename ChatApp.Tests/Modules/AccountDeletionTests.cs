using System.Net;
using System.Text;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class AccountDeletionTests
{
    static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    static Task<HttpResponseMessage> DeleteAccountAsync(HttpClient client, string password) =>
        client.SendJsonAsync(HttpMethod.Delete, "/user", new { password });

    [Fact]
    public async Task ADeletedAccountsTokensConnectionsAndLoginAllStopAtOnce()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var adaId = await app.SignUpAsync("ada");
        var session = await app.LoginAsync("ada");
        var other = await app.LoginAsync("ada");
        var preSession = app.TokenFor(app.Service<ChatApp.Data.Stores.UserStore>().FindById(adaId)!);
        var (hub, _) = await app.ConnectAsync(other);
        await using var _hub = hub;
        var client = app.ClientWithToken(session);

        await (await DeleteAccountAsync(client, "not the password")).IsProblemAsync(HttpStatusCode.Forbidden);
        await hub.AssertClosesWithinAsync(OneSecond, async () =>
            Assert.Equal(HttpStatusCode.NoContent, (await DeleteAccountAsync(client, TestApi.Password)).StatusCode));

        foreach (var token in new[] { session, other, preSession })
            await (await app.ClientWithToken(token).GetAsync("/user")).IsProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.CreateClient().PostJsonAsync("/login", new { username = "ada", password = TestApi.Password }))
            .IsProblemAsync(HttpStatusCode.Unauthorized);
        await Assert.ThrowsAnyAsync<Exception>(() => app.ConnectAsync(session));
    }

    [Fact]
    public async Task PartnersKeepAValidHistoryWithTombstonesARowNamedDeletedAndAUserDeletedEvent()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var bob = await app.CreateUserAsync("bob");
        var carl = await app.CreateUserAsync("carl");
        var eve = await app.CreateUserAsync("eve");
        var adaId = await app.SignUpAsync("ada");
        var ada = app.ClientWithToken(await app.LoginAsync("ada"));
        var bobRest = app.ClientFor(bob);
        await ada.SendMessageAsync(bob.Id, "from ada to bob");
        app.Clock.Advance(OneSecond);
        await bobRest.SendMessageAsync(adaId, "from bob to ada");
        app.Clock.Advance(OneSecond);
        await ada.SendMessageAsync(carl.Id, "from ada to carl");
        app.Clock.Advance(OneSecond);
        await ada.SendMessageAsync(bob.Id, "ada's last word");

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAccountAsync(ada, TestApi.Password)).StatusCode);

        var history = await bobRest.GetArrayAsync($"/message/{adaId}");
        var chats = await bobRest.GetArrayAsync("/chats");
        Snapshot.Match(new JObject { ["history"] = history, ["chats"] = chats });
        Assert.Equal(["", "from bob to ada", ""], history.Select(m => (string?)m["body"]));
        Assert.Equal([true, false, true], history.Select(m => (bool)m["deleted"]!));
        var deleted = (await bobRest.FeedAsync()).Where(e => (string?)e["type"] == "user.deleted").ToList();
        Assert.Single(deleted);
        Assert.Equal(["seq", "type", "at", "user_id"], ((JObject)deleted[0]).Properties().Select(p => p.Name));
        Assert.Equal(adaId, (int)deleted[0]["user_id"]!);
        Assert.Single(await app.ClientFor(carl).FeedAsync(), e => (string?)e["type"] == "user.deleted");
        Assert.DoesNotContain(await app.ClientFor(eve).FeedAsync(), e => (string?)e["type"] == "user.deleted");
        // Nothing new reaches the account; its profile is gone.
        await (await bobRest.PostJsonAsync($"/message/{adaId}", new { body = "are you there?" })).IsProblemAsync(HttpStatusCode.NotFound);
        await (await bobRest.PostJsonAsync("/add_message/ada", new { body = "are you there?" })).IsProblemAsync(HttpStatusCode.NotFound);
        await (await bobRest.GetAsync($"/users/{adaId}")).IsProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AfterACheckpointNoDeletedBodyIsInTheFilesIdsAreNeverReusedAndTheNameIsFreeAgain()
    {
        var path = ChatAppFactory.TempDatabasePath();
        var secrets = Enumerable.Range(0, 20).Select(i => $"ADA-SECRET-{i}-{Guid.NewGuid():N}").ToList();
        var kept = $"BOB-KEEPS-{Guid.NewGuid():N}";
        int firstAda, secondAda;
        try
        {
            await using (var app = new ChatAppFactory(path, Settings.NoRateLimits()))
            {
                var bob = await app.CreateUserAsync("bob");
                firstAda = await app.SignUpAsync("ada");
                var ada = app.ClientWithToken(await app.LoginAsync("ada"));
                foreach (var secret in secrets)
                    await ada.SendMessageAsync(bob.Id, secret);
                await app.ClientFor(bob).SendMessageAsync(firstAda, kept);
                Assert.Equal(HttpStatusCode.NoContent, (await DeleteAccountAsync(ada, TestApi.Password)).StatusCode);

                // Ada was the newest user: her id is still not handed out again, and her name is free.
                secondAda = await app.SignUpAsync("ADA");
                Assert.True(secondAda > firstAda, $"new id {secondAda} after deleting {firstAda}");
                var again = app.ClientWithToken(await app.LoginAsync("ada"));
                Assert.Equal(HttpStatusCode.NoContent, (await DeleteAccountAsync(again, TestApi.Password)).StatusCode);
            }

            await WaitUntilClosedAsync(path);
            var files = Directory.GetFiles(Path.GetDirectoryName(path)!).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
            Assert.Contains(files, f => Contains(f.Value, kept));
            foreach (var (name, bytes) in files)
                Assert.False(secrets.Any(s => Contains(bytes, s)), $"{name} still holds a deleted message's body");

            await using (var restarted = new ChatAppFactory(path, Settings.NoRateLimits()))
            {
                var third = await restarted.SignUpAsync("ada");
                Assert.True(third > secondAda, $"new id {third} after deleting {secondAda} and restarting");
                Assert.Equal(kept, (string?)(await restarted.ClientFor(restarted.Service<ChatApp.Data.Stores.UserStore>().FindByUsername("bob")!)
                    .GetArrayAsync($"/message/{firstAda}")).Single(m => !(bool)m["deleted"]!)["body"]);
            }
        }
        finally
        {
            try { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>
    /// The server's file lock is sometimes still held for a moment after the factory is disposed (seen under
    /// load); the database is closed, and its checkpoint done, once the lock can be taken.
    /// </summary>
    static async Task WaitUntilClosedAsync(string path)
    {
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var _ = new FileStream(path + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                return;
            }
            catch (IOException) when (tries < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
