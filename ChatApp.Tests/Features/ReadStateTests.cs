using System.Net;
using ChatApp.Contracts;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Features;

/// <summary>Read pointers, mark-as-unread, unread counts and receipts (<c>chat.read</c>) over REST and the hub.</summary>
public sealed class ReadStateTests
{
    [Fact]
    public async Task ChatsRowsCarryUnreadCountAndBothPointersAndTheBadgeSumsThem()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var adaRest = app.ClientFor(ada);
        var first = (int)(await app.ClientFor(bob).SendRestAsync(ada.Id, "one"))["id"]!;
        var second = (int)(await app.ClientFor(bob).SendRestAsync(ada.Id, "two"))["id"]!;
        await app.ClientFor(bob).SendRestAsync(ada.Id, "three");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.ClientFor(eve).SendRestAsync(ada.Id, "from eve");

        Assert.Equal("""{"messages":4,"chats":2}""", (await adaRest.UnreadBadgeAsync()).ToString(Newtonsoft.Json.Formatting.None));
        await adaRest.MarkReadAsync(bob.Id, second).Expect(HttpStatusCode.NoContent);
        // Forward only: an older message changes nothing.
        await adaRest.MarkReadAsync(bob.Id, first).Expect(HttpStatusCode.NoContent);

        var chats = await adaRest.ChatsAsync();
        Snapshot.Match(chats);
        Assert.Equal("""{"messages":2,"chats":2}""", (await adaRest.UnreadBadgeAsync()).ToString(Newtonsoft.Json.Formatting.None));
        var bobsView = await app.ClientFor(bob).ChatWithAsync(ada.Id);
        Assert.Equal(second, (int?)bobsView["other_last_read_id"]);
        Assert.Equal(0, (int)bobsView["unread_count"]!);
    }

    [Fact]
    public async Task MarkingUnreadMovesThePointerToJustBeforeThatMessageEvenBackToNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        var bobRest = app.ClientFor(bob);
        var ids = new List<int>();
        foreach (var body in new[] { "a", "b", "c" })
            ids.Add((int)(await bobRest.SendRestAsync(ada.Id, body))["id"]!);
        await adaRest.MarkReadAsync(bob.Id, ids[2]).Expect(HttpStatusCode.NoContent);

        await adaRest.MarkUnreadAsync(bob.Id, ids[1]).Expect(HttpStatusCode.NoContent);
        var row = await adaRest.ChatWithAsync(bob.Id);
        Assert.Equal((ids[0], 2), ((int?)row["last_read_id"], (int)row["unread_count"]!));

        await adaRest.MarkUnreadAsync(bob.Id, ids[0]).Expect(HttpStatusCode.NoContent);
        row = await adaRest.ChatWithAsync(bob.Id);
        Assert.Equal((null, 3), ((int?)row["last_read_id"], (int)row["unread_count"]!));
        Assert.Null((int?)(await bobRest.ChatWithAsync(ada.Id))["other_last_read_id"]);
        // The pointer "before the first message" travels as up_to 0.
        Assert.Equal([ids[2], ids[0], 0], (await adaRest.SyncAsync()).Where(e => (string?)e["type"] == "chat.read").Select(e => (int)e["up_to"]!));
    }

    [Fact]
    public async Task DeletingAnUnreadMessageTakesItOutOfTheCount()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var bobRest = app.ClientFor(bob);
        var id = (int)(await bobRest.SendRestAsync(ada.Id, "unread, then gone"))["id"]!;
        await bobRest.SendRestAsync(ada.Id, "unread");

        await bobRest.DeleteMessageAsync(id).Expect(HttpStatusCode.NoContent);

        Assert.Equal(1, (int)(await app.ClientFor(ada).ChatWithAsync(bob.Id))["unread_count"]!);
    }

    [Fact]
    public async Task SendingMovesTheSendersPointerWithoutAChatReadEvent()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        await app.ClientFor(bob).SendRestAsync(ada.Id, "unread by ada");
        var reply = (int)(await adaRest.SendRestAsync(bob.Id, "answering means reading"))["id"]!;

        var row = await adaRest.ChatWithAsync(bob.Id);
        Assert.Equal((reply, 0), ((int?)row["last_read_id"], (int)row["unread_count"]!));
        Assert.Equal(reply, (int?)(await app.ClientFor(bob).ChatWithAsync(ada.Id))["other_last_read_id"]);
        Assert.DoesNotContain(await adaRest.SyncAsync(), e => (string?)e["type"] == "chat.read");
        Assert.DoesNotContain(await app.ClientFor(bob).SyncAsync(), e => (string?)e["type"] == "chat.read");
    }

    [Fact]
    public async Task AMessageOfAnotherConversationIs400AndAnUnknownUser404()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var adaRest = app.ClientFor(ada);
        var withBob = (int)(await adaRest.SendRestAsync(bob.Id, "to bob"))["id"]!;
        var bobAndEve = (int)(await app.ClientFor(bob).SendRestAsync(eve.Id, "not ada's"))["id"]!;

        foreach (var mark in new Func<int, int, Task<HttpResponseMessage>>[] { adaRest.MarkReadAsync, adaRest.MarkUnreadAsync })
        {
            var field = mark == adaRest.MarkReadAsync ? "up_to" : "from";
            var ofEve = await (await mark(eve.Id, withBob)).IsProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(ofEve["errors"]?[field]);
            var ofOthers = await (await mark(bob.Id, bobAndEve)).IsProblemAsync(HttpStatusCode.BadRequest);
            var missing = await (await mark(bob.Id, 99_999)).IsProblemAsync(HttpStatusCode.BadRequest);
            // Someone else's message and a missing one read the same: nothing says the id exists.
            Assert.Equal(missing["errors"]!.ToString(), ofOthers["errors"]!.ToString());
            await (await mark(99_999, withBob)).IsProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.DoesNotContain(await adaRest.SyncAsync(), e => (string?)e["type"] == "chat.read");
    }

    [Fact]
    public async Task ChatReadReachesEveryConnectionOfTheReaderAndOfTheOtherWhenSharingAndNobodyElse()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var id = (int)(await app.ClientFor(bob).SendRestAsync(ada.Id, "read me"))["id"]!;
        await using var adaPhone = await Device.OpenAsync(app, ada, name: "ada phone");
        await using var adaLaptop = await Device.OpenAsync(app, ada, name: "ada laptop");
        await using var bobPhone = await Device.OpenAsync(app, bob, name: "bob phone");
        await using var bobLaptop = await Device.OpenAsync(app, bob, name: "bob laptop");
        await using var eveHub = await Device.OpenAsync(app, eve);

        await app.ClientFor(ada).MarkReadAsync(bob.Id, id).Expect(HttpStatusCode.NoContent);

        foreach (var device in new[] { adaPhone, adaLaptop, bobPhone, bobLaptop })
        {
            var read = await device.WaitForFeedAsync("chat.read");
            var with = device.Name.StartsWith("ada") ? bob.Id : ada.Id;
            Assert.Equal(new JObject { ["type"] = "chat.read", ["with"] = with, ["reader_id"] = ada.Id, ["up_to"] = id },
                new JObject(((JObject)read).Properties().Where(p => p.Name is not ("seq" or "at"))), JToken.EqualityComparer);
        }
        await app.ClientFor(eve).SendRestAsync(eve.Id, "marker");
        await eveHub.WaitForFeedAsync("message.created");
        await Task.Delay(100);
        Assert.Single(eveHub.Received);
    }

    [Fact]
    public async Task WithReceiptsOffTheReaderStillGetsChatReadOnEveryDeviceAndTheOtherGetsNothing()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var adaRest = app.ClientFor(ada);
        await adaRest.ChangeSettingsAsync(new { share_read_receipts = false }).Expect(HttpStatusCode.OK);
        var id = (int)(await app.ClientFor(bob).SendRestAsync(ada.Id, "read me quietly"))["id"]!;
        await using var adaLaptop = await Device.OpenAsync(app, ada);
        await using var bobPhone = await Device.OpenAsync(app, bob);

        await adaRest.MarkReadAsync(bob.Id, id).Expect(HttpStatusCode.NoContent);

        await adaLaptop.WaitForFeedAsync("chat.read");
        Assert.Equal(id, (int?)(await adaRest.ChatWithAsync(bob.Id))["last_read_id"]);
        // Bob's own marker after the read: anything about it would have come before.
        var marker = await app.ClientFor(bob).SendRestAsync(bob.Id, "marker");
        await bobPhone.WaitForFeedAsync("message.created", e => (int)e["message"]!["id"]! == (int)marker["id"]!);
        Assert.Empty(bobPhone.FeedEvents("chat.read"));
        Assert.DoesNotContain(await app.ClientFor(bob).SyncAsync(), e => (string?)e["type"] == "chat.read");
        Assert.Null((int?)(await app.ClientFor(bob).ChatWithAsync(ada.Id))["other_last_read_id"]);
    }
}
