using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ChatApp.Tests.Infrastructure;
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
        await using var adaHub = await HubClients.ConnectAsync(app, app.TokenFor(ada));

        var first = await app.ClientFor(ada).SendMessageAsync(bob.Id, "secret one");
        await adaHub.InvokeAsync<JsonElement>("SendMessage", bob.Id, "secret two");
        await adaHub.InvokeAsync<JsonElement>("SendMessageTo", "BOB", "secret three");
        (await app.ClientFor(bob).PostJsonAsync("/add_message/ada", new { body = "secret reply" })).EnsureSuccessStatusCode();
        // Pushes go out before each send is answered, so once Eve's own message reaches her, any stray one would have too.
        await eveRest.SendMessageAsync(eve.Id, "note to self");
        await eveOwn.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(eveSaw, e => Assert.DoesNotContain("secret", e));
        Assert.Equal("[]", await eveRest.GetStringAsync($"/message/{ada.Id}"));
        Assert.Equal("[]", await eveRest.GetStringAsync($"/message/{bob.Id}"));
        var chats = await eveRest.GetStringAsync("/chats");
        Assert.DoesNotContain("secret", chats);
        Assert.DoesNotContain("\"ada\"", chats);
        Assert.DoesNotContain("secret", await eveRest.GetStringAsync("/user"));
        foreach (var other in new[] { ada.Id, bob.Id, eve.Id })
        {
            var paged = await eveRest.GetAsync($"/message/{other}?limit=10&before={first["id"]}");
            Assert.Equal(HttpStatusCode.BadRequest, paged.StatusCode);
            Assert.DoesNotContain("secret", await paged.Content.ReadAsStringAsync());
        }
    }
}
