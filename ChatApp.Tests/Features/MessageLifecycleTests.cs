using System.Net;
using ChatApp.Contracts;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Features;

/// <summary>GET/PATCH/DELETE /messages/{id} over REST, with real hub clients watching every connection.</summary>
public sealed class MessageLifecycleTests
{
    [Fact]
    public async Task EditAndDeleteReachEveryResumedConnectionOfBothParticipantsAndNobodyElse()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        await using var adaPhone = await Device.OpenAsync(app, ada, name: "ada phone");
        await using var adaLaptop = await Device.OpenAsync(app, ada, name: "ada laptop");
        await using var bobPhone = await Device.OpenAsync(app, bob, name: "bob phone");
        await using var bobLaptop = await Device.OpenAsync(app, bob, name: "bob laptop");
        await using var bobVersionOne = await Device.OpenAsync(app, bob, resumeFrom: null, name: "bob v1");
        await using var eveHub = await Device.OpenAsync(app, eve);
        var adaRest = app.ClientFor(ada);

        var sent = await adaRest.SendRestAsync(bob.Id, "helo");
        var id = (int)sent["id"]!;
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        var edited = await (await adaRest.EditAsync(id, "hello").Expect(HttpStatusCode.OK)).ReadWireJsonAsync();
        await adaRest.DeleteMessageAsync(id).Expect(HttpStatusCode.NoContent);

        Assert.Equal("hello", (string?)edited["body"]);
        Assert.Equal("2026-11-24T08:15:33.123Z", (string?)edited["edited_at"]);
        foreach (var device in new[] { adaPhone, adaLaptop, bobPhone, bobLaptop })
        {
            var deleted = await device.WaitForFeedAsync("message.deleted");
            Assert.Equal(["message.created", "message.edited", "message.deleted"],
                device.All(EventNames.FeedEvent).Select(e => (string?)e["type"]));
            WireJson.AssertSame(edited, device.FeedEvents("message.edited").Single()["message"]!);
            Assert.Equal(id, (int)deleted["message"]!["id"]!);
            Assert.Equal("", (string?)deleted["message"]!["body"]);
            Assert.True((bool)deleted["message"]!["deleted"]!);
        }
        // Eve's own marker comes through her feed after anything stray would have.
        await app.ClientFor(eve).SendRestAsync(eve.Id, "marker");
        await eveHub.WaitForFeedAsync("message.created");
        await Task.Delay(100);
        Assert.Equal(["marker"], eveHub.Received.Select(r => (string?)r.Argument["message"]?["body"] ?? r.Argument.ToString()));
        // A version 1 connection got the new message on its username event, and nothing for the edit or the delete.
        Assert.Equal([("bob", id)], bobVersionOne.Received.Select(r => (r.Event, (int)r.Argument["id"]!)));
    }

    [Fact]
    public async Task EditAnswersTheMessageWithEditedAtAndItShowsInHistoryChatsAndGet()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);
        var id = (int)(await adaRest.SendRestAsync(bob.Id, "first draft"))["id"]!;
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await adaRest.EditAsync(id, "  second draft \n").Expect(HttpStatusCode.OK);

        var edited = await response.ReadWireJsonAsync();
        Snapshot.Match(edited);
        foreach (var client in new[] { adaRest, bobRest })
        {
            WireJson.AssertSame(edited, await (await client.GetAsync($"/messages/{id}").Expect(HttpStatusCode.OK)).ReadWireJsonAsync());
            WireJson.AssertSame(edited, (await (await client.GetAsync($"/message/{(client == adaRest ? bob.Id : ada.Id)}")).ReadWireJsonAsync())[0]!);
            WireJson.AssertSame(edited, (await client.ChatWithAsync(client == adaRest ? bob.Id : ada.Id))["last_message"]!);
        }
    }

    [Fact]
    public async Task OnlyTheAuthorChangesAMessageTheOtherParticipantGets403AndAnyoneElse404()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var sent = await app.ClientFor(ada).SendRestAsync(bob.Id, "mine");
        var id = (int)sent["id"]!;
        var bobRest = app.ClientFor(bob);
        var eveRest = app.ClientFor(eve);

        await (await bobRest.EditAsync(id, "yours now")).IsProblemAsync(HttpStatusCode.Forbidden);
        await (await bobRest.DeleteMessageAsync(id)).IsProblemAsync(HttpStatusCode.Forbidden);
        await (await eveRest.EditAsync(id, "eve's")).IsProblemAsync(HttpStatusCode.NotFound);
        await (await eveRest.DeleteMessageAsync(id)).IsProblemAsync(HttpStatusCode.NotFound);
        var eveGets = await (await eveRest.GetAsync($"/messages/{id}")).IsProblemAsync(HttpStatusCode.NotFound);
        // A stranger's 404 reads exactly like the one for an id that was never used.
        var unknown = await (await eveRest.GetAsync($"/messages/{id + 1000}")).IsProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(((string?)unknown["detail"])!.Replace($"{id + 1000}", "N"), ((string?)eveGets["detail"])!.Replace($"{id}", "N"));
        Assert.DoesNotContain("mine", eveGets.ToString());

        WireJson.AssertSame(sent, await (await bobRest.GetAsync($"/messages/{id}").Expect(HttpStatusCode.OK)).ReadWireJsonAsync());
        Assert.DoesNotContain(await bobRest.SyncAsync(), e => (string?)e["type"] != "message.created");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData("bell\u0007")]
    [InlineData(null)]
    public async Task AnEditWithABodyTheSendRulesRefuseIs400AndChangesNothing(string? body)
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var sent = await adaRest.SendRestAsync(bob.Id, "keep me");

        var problem = await (await adaRest.PatchAsync($"/messages/{sent["id"]}",
            System.Net.Http.Json.JsonContent.Create(new { body }))).IsProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]?["body"]);
        WireJson.AssertSame(sent, await (await adaRest.GetAsync($"/messages/{sent["id"]}")).ReadWireJsonAsync());
    }

    [Fact]
    public async Task AnEditOf4001CharactersIs400AndOf4000Is200()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var id = (int)(await adaRest.SendRestAsync(bob.Id, "short"))["id"]!;

        await (await adaRest.EditAsync(id, new string('x', 4001))).IsProblemAsync(HttpStatusCode.BadRequest);
        await adaRest.EditAsync(id, " " + new string('x', 4000) + " ").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeleteLeavesATombstoneOnEveryReadEditingItIs409AndDeletingAgainIs204()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);
        var kept = await adaRest.SendRestAsync(bob.Id, "kept");
        var gone = await adaRest.SendRestAsync(bob.Id, "regrettable words");
        var id = (int)gone["id"]!;
        app.Clock.Advance(TimeSpan.FromSeconds(5));

        var deleted = await adaRest.DeleteMessageAsync(id).Expect(HttpStatusCode.NoContent);

        Assert.Equal("", await deleted.Content.ReadAsStringAsync());
        var tombstone = (JObject)gone.DeepClone();
        tombstone["body"] = "";
        tombstone["deleted"] = true;
        foreach (var (client, other) in new[] { (adaRest, bob.Id), (bobRest, ada.Id) })
        {
            WireJson.AssertSame(tombstone, await (await client.GetAsync($"/messages/{id}").Expect(HttpStatusCode.OK)).ReadWireJsonAsync());
            var history = await (await client.GetAsync($"/message/{other}")).ReadWireJsonAsync();
            WireJson.AssertSame(new JArray(tombstone, kept), history);
            WireJson.AssertSame(tombstone, (await client.ChatWithAsync(other))["last_message"]!);
            var feed = await client.SyncAsync();
            Assert.Equal(["message.created", "message.created", "message.deleted"], feed.Select(e => (string?)e["type"]));
            // Every event of that message shows the tombstone, the created one included.
            Assert.All(feed.Where(e => (int)e["message"]!["id"]! == id), e => WireJson.AssertSame(tombstone, e["message"]!));
            Assert.DoesNotContain("regrettable", feed.ToString() + history + await client.GetStringAsync("/chats"));
        }
        await (await adaRest.EditAsync(id, "take two")).IsProblemAsync(HttpStatusCode.Conflict);
        await adaRest.DeleteMessageAsync(id).Expect(HttpStatusCode.NoContent);
        Assert.Equal(3, (await bobRest.SyncAsync()).Count);
    }

    [Fact]
    public async Task DeletingAnOlderMessageKeepsTheNewerLastMessageInChats()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var old = await adaRest.SendRestAsync(bob.Id, "old");
        var newer = await app.ClientFor(bob).SendRestAsync(ada.Id, "newer");

        await adaRest.DeleteMessageAsync((int)old["id"]!).Expect(HttpStatusCode.NoContent);

        WireJson.AssertSame(newer, (await adaRest.ChatWithAsync(bob.Id))["last_message"]!);
        WireJson.AssertSame(newer, (await app.ClientFor(bob).ChatWithAsync(ada.Id))["last_message"]!);
    }

    [Fact]
    public async Task AClientThatWasOfflineConvergesThroughSyncAndResumeToWhatTheRoutesShow()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);
        await adaRest.SendRestAsync(bob.Id, "before bob left");
        var since = await bobRest.FeedHeadAsync();
        // Bob is offline (no connection) while all of this happens.
        var a = (int)(await adaRest.SendRestAsync(bob.Id, "tpyo"))["id"]!;
        var b = (int)(await adaRest.SendRestAsync(bob.Id, "oops"))["id"]!;
        var c = (int)(await adaRest.SendRestAsync(bob.Id, "still here"))["id"]!;
        await adaRest.EditAsync(a, "typo").Expect(HttpStatusCode.OK);
        await adaRest.DeleteMessageAsync(b).Expect(HttpStatusCode.NoContent);
        // Her own sends already moved her pointer: she marks from the first unread, then reads again.
        await adaRest.MarkUnreadAsync(bob.Id, a).Expect(HttpStatusCode.NoContent);
        await adaRest.MarkReadAsync(bob.Id, c).Expect(HttpStatusCode.NoContent);

        var missed = await bobRest.SyncAsync(since);
        await using var bobBack = await Device.OpenAsync(app, bob, resumeFrom: since);
        await bobBack.WaitForFeedAsync("chat.read", e => (int)e["up_to"]! == c);

        Assert.Equal(["message.created", "message.created", "message.created", "message.edited", "message.deleted", "chat.read", "chat.read"],
            missed.Select(e => (string?)e["type"]));
        WireJson.AssertSame(new JArray(missed), new JArray(bobBack.All(EventNames.FeedEvent)));
        // Applying the events to what bob had gives what the routes show now.
        var local = new Dictionary<int, JToken>();
        foreach (var e in (await bobRest.SyncAsync()).Where(e => e["message"] is not null))
            local[(int)e["message"]!["id"]!] = e["message"]!;
        var history = (JArray)await (await bobRest.GetAsync($"/message/{ada.Id}")).ReadWireJsonAsync();
        WireJson.AssertSame(history, new JArray(local.Values.OrderByDescending(m => (int)m["id"]!)));
        Assert.Equal([a - 1, c], missed.Where(e => (string?)e["type"] == "chat.read").Select(e => (int)e["up_to"]!));
        Assert.Equal(c, (int?)(await bobRest.ChatWithAsync(ada.Id))["other_last_read_id"]);
    }
}
