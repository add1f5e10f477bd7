using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Tests.Reliability;

public sealed class PrivacyTests
{
    [Fact]
    public async Task AThirdUserSeesNothingOfAConversationBetweenTwoOthersOnAnyRouteOrHubEvent()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var eveRest = app.ClientFor(eve);
        await using var eveHub = await HubClients.ConnectAsync(app, app.TokenFor(eve));
        var eveSaw = new ConcurrentQueue<string>();
        // Eve listens on every event name there is, not only her own.
        foreach (var name in new[] { "ada", "bob", "eve", "Ada", "Bob", "echo" })
            eveHub.On<JsonElement>(name, m => eveSaw.Enqueue($"{name}: {m}"));
        var eveOwn = new TaskCompletionSource<JsonElement>();
        eveHub.On<JsonElement>("eve", m => eveOwn.TrySetResult(m));
        // A second device of Eve's is on the feed: it may only ever see Eve's own events.
        await using var eveFeed = new FeedDevice(app, app.TokenFor(eve), "eve");
        await eveFeed.ConnectAndResumeAsync();
        await using var adaHub = await HubClients.ConnectAsync(app, app.TokenFor(ada));

        var first = await app.ClientFor(ada).SendMessageAsync(bob.Id, "secret one");
        await adaHub.InvokeAsync<JsonElement>("SendMessage", bob.Id, "secret two");
        await adaHub.InvokeAsync<JsonElement>("SendMessageTo", "BOB", "secret three");
        (await app.ClientFor(bob).PostJsonAsync("/add_message/ada", new { body = "secret reply" })).EnsureSuccessStatusCode();
        await adaHub.InvokeAsync<JsonElement>("Send", new { to = bob.Id, body = "secret four", client_id = "s4" });
        await adaHub.InvokeAsync<JsonElement>("Send", new { to_username = "bob", body = "secret five" });
        // Pushes go out before each send is answered, so once Eve's own message reaches her, any stray one would have too.
        await eveRest.SendMessageAsync(eve.Id, "note to self");
        await eveOwn.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await eveFeed.WaitForAsync(1);

        Assert.All(eveSaw, e => Assert.DoesNotContain("secret", e));
        Assert.Equal(["note to self"], eveFeed.Accepted.Select(e => (string?)e["message"]!["body"]));
        Assert.Empty(eveFeed.Violations);
        // The feed is the caller's whatever the query says; a fresh Resume replays only Eve's own event.
        foreach (var query in new[] { "", "?since=0&limit=1000", $"?user_id={ada.Id}", $"?owner={bob.Id}&since=0", $"?id={ada.Id}" })
        {
            var sync = await eveRest.GetStringAsync($"/sync{query}");
            Assert.DoesNotContain("secret", sync);
            Assert.Equal(1, JsonDocument.Parse(sync).RootElement.GetProperty("events").GetArrayLength());
        }
        await using var eveReplay = new FeedDevice(app, app.TokenFor(eve), "eve, resumed again");
        await eveReplay.ConnectAndResumeAsync();
        await eveReplay.WaitForAsync(1);
        Assert.Equal(["note to self"], eveReplay.Accepted.Select(e => (string?)e["message"]!["body"]));
        var beyond = await Assert.ThrowsAsync<HubException>(() => eveReplay.Connection!.InvokeAsync<JsonElement>("Resume", 2));
        Assert.DoesNotContain("secret", beyond.Message);
        Assert.Matches(@"\bnewest seq is 1\b", beyond.Message);
        // Ada's and Bob's feeds do hold the secrets: the checks above are about Eve, not about an empty server.
        Assert.Equal(6, (await app.ClientFor(bob).WholeFeedAsync()).Count(e => ((string?)e["message"]!["body"])!.StartsWith("secret")));
        Assert.Equal("[]", await eveRest.GetStringAsync($"/message/{ada.Id}"));
        Assert.Equal("[]", await eveRest.GetStringAsync($"/message/{bob.Id}"));
        var chats = await eveRest.GetStringAsync("/chats");
        Assert.DoesNotContain("secret", chats);
        Assert.DoesNotContain("\"ada\"", chats);
        Assert.DoesNotContain("secret", await eveRest.GetStringAsync("/user"));
        foreach (var other in new[] { ada.Id, bob.Id, eve.Id })
            foreach (var anchor in new[] { "before", "after", "around" })
            {
                var paged = await eveRest.GetAsync($"/message/{other}?limit=10&{anchor}={first["id"]}");
                Assert.Equal(HttpStatusCode.BadRequest, paged.StatusCode);
                Assert.DoesNotContain("secret", await paged.Content.ReadAsStringAsync());
                Assert.False(paged.Headers.Contains("Link"));
            }
    }
}
