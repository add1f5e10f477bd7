using System.Net;
using ChatApp.Contracts;
using ChatApp.Hubs;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Tests.Reliability;

/// <summary>
/// The privacy switches and the third user, for version 2 messaging: checked on every route, on parsed
/// hub events and on the raw frames a browser would receive (<see cref="RawHubSocket"/>).
/// </summary>
public sealed class MessagingPrivacyTests
{
    [Fact]
    public async Task SettingsDefaultToSharingAndAPatchChangesOnlyTheFieldsGiven()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var adaRest = app.ClientFor(ada);

        Assert.Equal("""{"share_read_receipts":true,"share_presence":true}""", await adaRest.GetStringAsync("/user/settings"));
        var changed = await adaRest.ChangeSettingsAsync(new { share_presence = false }).Expect(HttpStatusCode.OK);
        Assert.Equal("""{"share_read_receipts":true,"share_presence":false}""", await changed.Content.ReadAsStringAsync());
        await adaRest.ChangeSettingsAsync(new { share_read_receipts = false }).Expect(HttpStatusCode.OK);
        Assert.Equal("""{"share_read_receipts":false,"share_presence":false}""", await adaRest.GetStringAsync("/user/settings"));
        // Another user's settings are their own.
        Assert.Equal("""{"share_read_receipts":true,"share_presence":true}""",
            await app.ClientFor(await app.CreateUserAsync("bob")).GetStringAsync("/user/settings"));
    }

    [Fact]
    public async Task WithReadReceiptsOffNothingAboutThePointerReachesTheOtherSideOnAnyRouteOrFrame()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);
        await adaRest.ChangeSettingsAsync(new { share_read_receipts = false }).Expect(HttpStatusCode.OK);
        await using var bobRaw = await RawHubSocket.OpenAsync(app, app.TokenFor(bob));
        await bobRaw.InvokeAsync("Resume", 0);
        await using var bobHub = await Device.OpenAsync(app, bob);
        var first = (int)(await bobRest.SendRestAsync(ada.Id, "one"))["id"]!;
        var second = (int)(await bobRest.SendRestAsync(ada.Id, "two"))["id"]!;

        await adaRest.MarkReadAsync(bob.Id, second).Expect(HttpStatusCode.NoContent);
        await adaRest.MarkUnreadAsync(bob.Id, first).Expect(HttpStatusCode.NoContent);
        await adaRest.MarkReadAsync(bob.Id, first).Expect(HttpStatusCode.NoContent);

        var marker = (int)(await bobRest.SendRestAsync(bob.Id, "marker"))["id"]!;
        await bobRaw.WaitForAsync(f => f.Contains($"\"id\":{marker},"));
        await bobHub.WaitForFeedAsync("message.created", e => (int)e["message"]!["id"]! == marker);
        var everything = string.Join("\n", bobRaw.Frames) + await bobRest.GetStringAsync("/chats")
            + string.Join("\n", await bobRest.SyncAsync()) + await bobRest.GetStringAsync($"/messages/{first}")
            + await bobRest.GetStringAsync($"/message/{ada.Id}") + await bobRest.GetStringAsync("/chats/unread");
        Assert.DoesNotContain("chat.read", everything);
        Assert.DoesNotContain("reader_id", everything);
        Assert.DoesNotContain("up_to", everything);
        Assert.Contains("\"other_last_read_id\":null", everything);
        Assert.Empty(bobHub.FeedEvents("chat.read"));
        Assert.Null((int?)(await bobRest.ChatWithAsync(ada.Id))["other_last_read_id"]);

        // The control: with receipts back on, the same pointer shows, so the checks above can fail.
        await adaRest.ChangeSettingsAsync(new { share_read_receipts = true }).Expect(HttpStatusCode.OK);
        Assert.Equal(first, (int?)(await bobRest.ChatWithAsync(ada.Id))["other_last_read_id"]);
    }

    [Fact]
    public async Task WithPresenceOffNothingAboutOnlineOrLastSeenReachesPartnersOnAnyRouteOrFrame()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);
        await adaRest.SendRestAsync(bob.Id, "hi");
        await adaRest.ChangeSettingsAsync(new { share_presence = false }).Expect(HttpStatusCode.OK);
        await using var bobRaw = await RawHubSocket.OpenAsync(app, app.TokenFor(bob));
        await using var bobHub = await Device.OpenAsync(app, bob);

        var adaHub = await Device.OpenAsync(app, ada);
        var whileOnline = await bobRest.ChatWithAsync(ada.Id);
        await adaHub.DisposeAsync();
        await WaitUntilClosedAsync(app);
        app.Clock.Advance(TimeSpan.FromSeconds(11));
        await Task.Delay(200);

        var frames = string.Join("\n", bobRaw.Frames);
        Assert.DoesNotContain(EventNames.Presence, frames);
        Assert.DoesNotContain("last_seen", frames);
        Assert.Empty(bobHub.All(EventNames.Presence));
        var afterwards = await bobRest.ChatWithAsync(ada.Id);
        foreach (var row in new[] { whileOnline, afterwards })
            Assert.Equal((false, null), ((bool)row["online"]!, (string?)row["last_seen"]));
        // Ada's last seen was still stored (for when she shares again).
        Assert.NotNull(app.Service<ChatApp.Data.Stores.UserStateStore>().Get(ada.Id).LastSeen);
    }

    [Fact]
    public async Task SwitchingPresenceOffWhileOnlineTellsPartnersOfflineWithoutLastSeenAndOnAgainTellsOnline()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        await adaRest.SendRestAsync(bob.Id, "hi");
        await using var bobHub = await Device.OpenAsync(app, bob);
        await using var bobRaw = await RawHubSocket.OpenAsync(app, app.TokenFor(bob));
        await using var adaHub = await Device.OpenAsync(app, ada);
        await bobHub.WaitForAsync(EventNames.Presence, _ => true);

        await adaRest.ChangeSettingsAsync(new { share_presence = false }).Expect(HttpStatusCode.OK);
        await bobHub.WaitForAsync(EventNames.Presence, p => !(bool)p["online"]!);
        var hidden = await app.ClientFor(bob).ChatWithAsync(ada.Id);
        await adaRest.ChangeSettingsAsync(new { share_presence = true }).Expect(HttpStatusCode.OK);
        await bobHub.WaitForAsync(EventNames.Presence, _ => bobHub.All(EventNames.Presence).Count == 3);

        Assert.Equal(["""{"user_id":1,"online":true,"last_seen":null}""", """{"user_id":1,"online":false,"last_seen":null}""",
            """{"user_id":1,"online":true,"last_seen":null}"""], bobHub.All(EventNames.Presence).Select(p => p.ToString(Newtonsoft.Json.Formatting.None)));
        await bobRaw.WaitForAsync(f => f.Contains("\"online\":false"));
        Assert.Contains("""{"type":1,"target":"chat:presence","arguments":[{"user_id":1,"online":false,"last_seen":null}]}""", bobRaw.Frames);
        Assert.Equal((false, null), ((bool)hidden["online"]!, (string?)hidden["last_seen"]));
    }

    [Fact]
    public async Task AThirdUserLearnsNothingOfAnEditDeleteReadTypingOrPresenceBetweenTwoOthers()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var eveRest = app.ClientFor(eve);
        await using var eveRaw = await RawHubSocket.OpenAsync(app, app.TokenFor(eve));
        await eveRaw.InvokeAsync("Resume", 0);
        await using var eveHub = await Device.OpenAsync(app, eve);
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);

        var edited = (int)(await adaRest.SendRestAsync(bob.Id, "secret one"))["id"]!;
        var deleted = (int)(await bobRest.SendRestAsync(ada.Id, "secret two"))["id"]!;
        await using (var adaHub = await Device.OpenAsync(app, ada))
        {
            await using var bobHub = await Device.OpenAsync(app, bob);
            await adaRest.EditAsync(edited, "secret three").Expect(HttpStatusCode.OK);
            await bobRest.DeleteMessageAsync(deleted).Expect(HttpStatusCode.NoContent);
            await adaRest.MarkUnreadAsync(bob.Id, edited).Expect(HttpStatusCode.NoContent);
            await adaRest.MarkReadAsync(bob.Id, deleted).Expect(HttpStatusCode.NoContent);
            await adaHub.Connection.InvokeAsync("Typing", bob.Id);
            await bobHub.WaitForAsync(EventNames.Typing, _ => true);
        }
        await WaitUntilClosedAsync(app, open: 2);
        app.Clock.Advance(TimeSpan.FromSeconds(11));

        // Eve's own actions on the same routes, as a stranger.
        foreach (var id in new[] { edited, deleted })
        {
            await (await eveRest.GetAsync($"/messages/{id}")).IsProblemAsync(HttpStatusCode.NotFound);
            await (await eveRest.EditAsync(id, "eve was here")).IsProblemAsync(HttpStatusCode.NotFound);
            await (await eveRest.DeleteMessageAsync(id)).IsProblemAsync(HttpStatusCode.NotFound);
            await (await eveRest.MarkReadAsync(ada.Id, id)).IsProblemAsync(HttpStatusCode.BadRequest);
            await (await eveRest.MarkUnreadAsync(bob.Id, id)).IsProblemAsync(HttpStatusCode.BadRequest);
        }
        var marker = (int)(await eveRest.SendRestAsync(eve.Id, "marker"))["id"]!;
        await eveRaw.WaitForAsync(f => f.Contains($"\"id\":{marker},"));
        await eveHub.WaitForFeedAsync("message.created");
        await Task.Delay(100);

        var seen = string.Join("\n", eveRaw.Frames) + string.Join("\n", eveHub.Received.Select(r => r.Event + r.Argument))
            + await eveRest.GetStringAsync("/chats") + await eveRest.GetStringAsync("/chats/unread")
            + string.Join("\n", await eveRest.SyncAsync()) + await eveRest.GetStringAsync($"/message/{ada.Id}");
        Assert.DoesNotContain("secret", seen);
        Assert.DoesNotContain("chat:typing", seen);
        Assert.DoesNotContain("chat:presence", seen);
        Assert.DoesNotContain("chat.read", seen);
        Assert.DoesNotContain("message.edited", seen);
        Assert.DoesNotContain("message.deleted", seen);
        Assert.DoesNotContain("\"ada\"", seen);
        Assert.Equal("""{"messages":0,"chats":0}""", await eveRest.GetStringAsync("/chats/unread"));
        Assert.Equal("secret three", (string?)(await (await adaRest.GetAsync($"/messages/{edited}")).ReadWireJsonAsync())["body"]);
    }

    static async Task WaitUntilClosedAsync(ChatAppFactory app, int open = 2)
    {
        var registry = app.Service<ConnectionRegistry>();
        var deadline = DateTime.UtcNow + HubTestClient.Patience;
        while (registry.Count != open && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.Equal(open, registry.Count);
        await Task.Delay(50);
    }
}
