using System.Net;
using System.Text.Json;
using ChatApp.Contracts;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Modules;

public sealed class BlockRouteTests
{
    // Long enough for a push already on its way to land after the control pair's has: the server sends
    // both from the same call, so the blocked one would be at most a scheduling slice behind.
    static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task BlocksAreListedAddedTwiceAndRemovedIdempotently()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var client = app.ClientFor(ada);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/blocks/{eve.Id}", null)).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/blocks/{bob.Id}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsync($"/blocks/{eve.Id}", null)).StatusCode);
        var listed = await client.GetAsync("/blocks");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Snapshot.Match(await listed.ReadJsonAsync());
        Assert.Empty(await app.ClientFor(bob).GetArrayAsync("/blocks"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/blocks/{eve.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/blocks/{eve.Id}")).StatusCode);
        Assert.Equal(["bob"], (await client.GetArrayAsync("/blocks")).Select(u => (string?)u["username"]));
    }

    [Fact]
    public async Task BlockingOneselfIs400AndAnUnknownOrDeletedUserIs404()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var goneId = await app.SignUpAsync("gone");
        await app.ClientWithToken(await app.LoginAsync("gone")).SendJsonAsync(HttpMethod.Delete, "/user", new { password = TestApi.Password });
        var client = app.ClientFor(ada);

        var self = await (await client.PutAsync($"/blocks/{ada.Id}", null)).IsProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["user_id"], ((JObject)self["errors"]!).Properties().Select(p => p.Name));
        await (await client.PutAsync("/blocks/999999", null)).IsProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsync($"/blocks/{goneId}", null)).IsProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync("/blocks/999999")).IsProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await client.GetArrayAsync("/blocks"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WhileEitherBlocksTheOtherNoSendPassesInEitherDirectionOnAnyRouteOrHubMethod(bool adaBlocks)
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);
        await adaRest.SendMessageAsync(bob.Id, "before the block");
        await bobRest.SendMessageAsync(ada.Id, "reply before the block");
        await using var adaHub = await HubClients.ConnectAsync(app, app.TokenFor(ada));
        await using var bobHub = await HubClients.ConnectAsync(app, app.TokenFor(bob));

        var (blocker, blocked) = adaBlocks ? (adaRest, bob.Id) : (bobRest, ada.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await blocker.PutAsync($"/blocks/{blocked}", null)).StatusCode);

        foreach (var (from, hub, to) in new[] { (adaRest, adaHub, bob), (bobRest, bobHub, ada) })
        {
            var refused = await (await from.PostJsonAsync($"/message/{to.Id}", new { body = "blocked?" })).IsProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains("block", (string?)refused["detail"]);
            await (await from.PostJsonAsync($"/add_message/{to.Username}", new { body = "blocked?" })).IsProblemAsync(HttpStatusCode.Forbidden);
            await (await from.PostJsonAsync($"/message/{to.Id}", new { body = "blocked?", client_id = "c-1" })).IsProblemAsync(HttpStatusCode.Forbidden);
            foreach (var (method, args) in new (string, object?[])[]
                     {
                         ("SendMessage", [to.Id, "blocked?"]), ("SendMessageTo", [to.Username, "blocked?"]),
                         ("Send", [new { to = to.Id, body = "blocked?" }]), ("Send", [new { to_username = to.Username, body = "blocked?", client_id = "c-2" }]),
                     })
            {
                var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeCoreAsync<JsonElement>(method, args));
                Assert.Contains("block", error.Message);
            }
            Assert.Equal(HubConnectionState.Connected, hub.State);
            // Both keep reading their history.
            Assert.Equal(["reply before the block", "before the block"], (await from.GetArrayAsync($"/message/{to.Id}")).Select(m => (string?)m["body"]));
        }
        Assert.Equal(2, app.Service<ChatApp.Data.ChatDatabase>().Messages.Count());

        Assert.Equal(HttpStatusCode.NoContent, (await blocker.DeleteAsync($"/blocks/{blocked}")).StatusCode);
        await adaRest.SendMessageAsync(bob.Id, "after the unblock");
        var answer = await bobHub.InvokeAsync<JsonElement>("SendMessage", ada.Id, "and back");
        Assert.Equal("and back", answer.GetProperty("body").GetString());
    }

    [Fact]
    public async Task NoTypingPassesBetweenBlockedUsersWhileAControlPairsDoes()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var carl = await app.CreateUserAsync("carl");
        (await app.ClientFor(bob).PutAsync($"/blocks/{ada.Id}", null)).EnsureSuccessStatusCode();
        var (adaHub, adaTyping) = await ConnectAsync(app, app.TokenFor(ada), EventNames.Typing);
        var (bobHub, bobTyping) = await ConnectAsync(app, app.TokenFor(bob), EventNames.Typing);
        var (carlHub, carlTyping) = await ConnectAsync(app, app.TokenFor(carl), EventNames.Typing);
        await using (adaHub) await using (bobHub) await using (carlHub)
        {
            // The blocked pair first, each way, then the control: once carl hears ada, a push to bob would have landed.
            await adaHub.InvokeAsync("Typing", bob.Id);
            await bobHub.InvokeAsync("Typing", ada.Id);
            await adaHub.InvokeAsync("Typing", carl.Id);
            await bobHub.InvokeAsync("Typing", carl.Id);

            Assert.Equal("ada", (string?)(await carlTyping.NextAsync())["username"]);
            Assert.Equal("bob", (string?)(await carlTyping.NextAsync())["username"]);
            await Task.Delay(QuietWindow);
            Assert.Equal(0, bobTyping.Pending);
            Assert.Equal(0, adaTyping.Pending);
        }
    }

    [Fact]
    public async Task NoPresencePassesBetweenBlockedUsersWhileAControlPartnersDoes()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var carl = await app.CreateUserAsync("carl");
        // Presence goes to conversation partners: everyone here is everyone's partner.
        await app.ClientFor(ada).SendMessageAsync(bob.Id, "hi bob");
        await app.ClientFor(ada).SendMessageAsync(carl.Id, "hi carl");
        await app.ClientFor(bob).SendMessageAsync(carl.Id, "hi carl");
        (await app.ClientFor(bob).PutAsync($"/blocks/{ada.Id}", null)).EnsureSuccessStatusCode();

        var (adaHub, adaSees) = await ConnectAsync(app, app.TokenFor(ada), EventNames.Presence);
        // Bob comes online while ada is: ada must not hear it.
        var (bobHub, bobSees) = await ConnectAsync(app, app.TokenFor(bob), EventNames.Presence);
        var (carlHub, carlSees) = await ConnectAsync(app, app.TokenFor(carl), EventNames.Presence);
        await using (adaHub) await using (bobHub) await using (carlHub)
        {
            // Ada stops sharing her presence: her partners see her vanish at once, bob must not hear it.
            (await app.ClientFor(ada).PatchAsync("/user/settings", System.Net.Http.Json.JsonContent.Create(new { share_presence = false })))
                .EnsureSuccessStatusCode();

            Assert.Equal(carl.Id, (int)(await adaSees.NextAsync())["user_id"]!);
            Assert.Equal(carl.Id, (int)(await bobSees.NextAsync())["user_id"]!);
            // Announcements of coming online run in the background, so carl may also hear ada and bob arrive first.
            JToken told;
            while ((told = await carlSees.NextAsync())["online"]!.Value<bool>())
                Assert.Contains((int)told["user_id"]!, new[] { ada.Id, bob.Id });
            Assert.Equal(ada.Id, (int)told["user_id"]!);
            await Task.Delay(QuietWindow);
            Assert.Equal(0, adaSees.Pending);
            Assert.Equal(0, bobSees.Pending);
            // Nor through /chats: both see the other offline, carl sees bob online.
            var bobRow = (await app.ClientFor(ada).GetArrayAsync("/chats")).Single(c => (int)c["id"]! == bob.Id);
            Assert.Equal((false, JTokenType.Null), ((bool)bobRow["online"]!, bobRow["last_seen"]!.Type));
            Assert.False((bool)(await app.ClientFor(bob).GetArrayAsync("/chats")).Single(c => (int)c["id"]! == ada.Id)["online"]!);
            Assert.True((bool)(await app.ClientFor(carl).GetArrayAsync("/chats")).Single(c => (int)c["id"]! == bob.Id)["online"]!);
        }
    }

    [Fact]
    public async Task NoReadReceiptPassesBetweenBlockedUsersWhileAControlPartnersDoes()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var carl = await app.CreateUserAsync("carl");
        var adaRest = app.ClientFor(ada);
        var toBob = await adaRest.SendMessageAsync(bob.Id, "read me, bob");
        var toCarl = await adaRest.SendMessageAsync(carl.Id, "read me, carl");
        (await adaRest.PutAsync($"/blocks/{bob.Id}", null)).EnsureSuccessStatusCode();

        (await app.ClientFor(bob).PostJsonAsync($"/chats/{ada.Id}/read", new { up_to = (int)toBob["id"]! })).EnsureSuccessStatusCode();
        (await app.ClientFor(carl).PostJsonAsync($"/chats/{ada.Id}/read", new { up_to = (int)toCarl["id"]! })).EnsureSuccessStatusCode();

        var rows = await adaRest.GetArrayAsync("/chats");
        Assert.Equal(JTokenType.Null, rows.Single(c => (int)c["id"]! == bob.Id)["other_last_read_id"]!.Type);
        Assert.Equal((int)toCarl["id"]!, (int)rows.Single(c => (int)c["id"]! == carl.Id)["other_last_read_id"]!);
        var readers = (await adaRest.FeedAsync()).Where(e => (string?)e["type"] == "chat.read").Select(e => (int)e["reader_id"]!);
        Assert.Equal([carl.Id], readers);
        // Bob's own pointer moved (his other devices hear of it).
        Assert.Equal((int)toBob["id"]!, (int)(await app.ClientFor(bob).GetArrayAsync("/chats")).Single()["last_read_id"]!);
    }

    [Fact]
    public async Task HidingAConversationTakesItOffTheListUntilANewMessageArrivesAndDeletesNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var adaRest = app.ClientFor(ada);
        await adaRest.SendMessageAsync(bob.Id, "one");
        await app.ClientFor(bob).SendMessageAsync(ada.Id, "two");
        await adaRest.SendMessageAsync(eve.Id, "to eve");

        Assert.Equal(HttpStatusCode.NoContent, (await adaRest.DeleteAsync($"/chats/{bob.Id}")).StatusCode);

        Assert.Equal(["eve"], (await adaRest.GetArrayAsync("/chats")).Select(c => (string?)c["username"]));
        Assert.Equal(["two", "one"], (await adaRest.GetArrayAsync($"/message/{bob.Id}")).Select(m => (string?)m["body"]));
        Assert.Equal(["ada"], (await app.ClientFor(bob).GetArrayAsync("/chats")).Select(c => (string?)c["username"]));
        Assert.Equal(HttpStatusCode.NoContent, (await adaRest.DeleteAsync($"/chats/{bob.Id}")).StatusCode);
        await (await adaRest.DeleteAsync("/chats/999999")).IsProblemAsync(HttpStatusCode.NotFound);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.ClientFor(bob).SendMessageAsync(ada.Id, "three");
        var back = await adaRest.GetArrayAsync("/chats");
        Assert.Equal(["bob", "eve"], back.Select(c => (string?)c["username"]));
        Assert.Equal("three", (string?)back[0]["last_message"]!["body"]);
        Assert.Equal(["three", "two", "one"], (await adaRest.GetArrayAsync($"/message/{bob.Id}")).Select(m => (string?)m["body"]));
    }

    static async Task<(HubConnection Connection, HubInbox Inbox)> ConnectAsync(ChatAppFactory app, string token, string eventName)
    {
        var connection = app.HubConnection(token);
        var inbox = connection.Inbox(eventName);
        await connection.StartJoinedAsync();
        return (connection, inbox);
    }
}
