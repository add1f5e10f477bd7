using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ChatApp.Contracts;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Reliability;

/// <summary>
/// PrivacyTests' three users over the routes of people and accounts: Eve learns nothing of Ada and Bob
/// beyond their public profile (id, name, sign-up date), and can change nothing of theirs.
/// </summary>
public sealed class AccountsPrivacyTests
{
    [Fact]
    public async Task AThirdUserSeesNothingOfTwoOthersBlocksSessionsConversationsOrDeletionOnAnyNewRoute()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var adaId = await app.SignUpAsync("ada");
        var bobId = await app.SignUpAsync("bob");
        var eveId = await app.SignUpAsync("eve");
        var carlId = await app.SignUpAsync("carl");
        var ada = app.ClientWithToken(await app.LoginAsync("ada"));
        var bob = app.ClientWithToken(await app.LoginAsync("bob"));
        var eve = app.ClientWithToken(await app.LoginAsync("eve"));
        await ada.SendMessageAsync(bobId, "secret one");
        await bob.SendMessageAsync(adaId, "secret reply");
        (await ada.PutAsync($"/blocks/{carlId}", null)).EnsureSuccessStatusCode();
        var adaSession = (int)(await ada.GetArrayAsync("/sessions")).Single()["id"]!;
        var eveHub = app.HubConnection(await app.LoginAsync("eve"));
        var eveSaw = new ConcurrentQueue<string>();
        foreach (var name in new[] { "ada", "bob", "eve", EventNames.Presence, EventNames.Typing, EventNames.FeedEvent })
            eveHub.On<JsonElement>(name, m => eveSaw.Enqueue($"{name}: {m}"));
        await eveHub.StartJoinedAsync();
        await using var _ = eveHub;
        await eveHub.InvokeAsync<JsonElement>("Resume", 0);

        // The directory shows public profiles only.
        var found = await eve.GetArrayAsync("/users?q=a");
        Assert.Equal(["ada"], found.Select(u => (string?)u["username"]));
        Assert.All(found.Append(await (await eve.GetAsync($"/users/{adaId}")).ReadJsonAsync()),
            u => Assert.Equal(["id", "username", "date_created"], ((JObject)u).Properties().Select(p => p.Name)));
        // Her own lists only.
        Assert.Empty(await eve.GetArrayAsync("/blocks"));
        Assert.Equal(2, (await eve.GetArrayAsync("/sessions")).Count);
        // Nothing of theirs moves: not ada's session, not her chat list, not her blocks.
        await (await eve.DeleteAsync($"/sessions/{adaSession}")).IsProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await eve.DeleteAsync($"/chats/{adaId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await eve.DeleteAsync($"/blocks/{bobId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await eve.PutAsync($"/blocks/{adaId}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/user")).StatusCode);
        Assert.Equal(["bob"], (await ada.GetArrayAsync("/chats")).Select(c => (string?)c["username"]));
        Assert.Equal(["carl"], (await ada.GetArrayAsync("/blocks")).Select(u => (string?)u["username"]));
        // Ada leaves: bob, her partner, is told; eve is not.
        (await ada.SendJsonAsync(HttpMethod.Delete, "/user", new { password = TestApi.Password })).EnsureSuccessStatusCode();
        Assert.Contains(await bob.FeedAsync(), e => (string?)e["type"] == "user.deleted");
        // Pushes go out before each send is answered: once eve's own message is back, a stray one would be too.
        await eve.SendMessageAsync(eveId, "note to self");
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.Equal(["message.created"], (await eve.FeedAsync()).Select(e => (string?)e["type"]));
        Assert.All(eveSaw, e => Assert.DoesNotContain("secret", e));
        Assert.All(eveSaw, e => Assert.StartsWith($"{EventNames.FeedEvent}: ", e));
    }

    [Fact]
    public async Task AThirdUsersExportHoldsNothingOfTwoOthers()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var carl = await app.CreateUserAsync("carl");
        await app.ClientFor(ada).SendMessageAsync(bob.Id, "secret one");
        await app.ClientFor(bob).SendMessageAsync(ada.Id, "secret reply");
        (await app.ClientFor(ada).PutAsync($"/blocks/{carl.Id}", null)).EnsureSuccessStatusCode();
        await app.ClientFor(eve).SendMessageAsync(eve.Id, "note to self");

        var export = await app.ClientFor(eve).GetAsync("/user/export");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exported = await export.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", exported);
        Assert.DoesNotContain("\"ada\"", exported);
        Assert.DoesNotContain("\"bob\"", exported);
        Assert.DoesNotContain("carl", exported);
        Assert.Contains("note to self", exported);
    }
}
