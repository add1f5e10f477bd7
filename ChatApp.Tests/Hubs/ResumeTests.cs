using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Hubs;

public sealed class ResumeTests
{
    static readonly long At = ChatAppFactory.Start.ToUnixTimeMilliseconds();

    /// <summary>Stores messages straight through the store: many feed events in one quick durable write.</summary>
    static Task SeedAsync(ChatAppFactory app, UserDocument from, UserDocument to, int count) =>
        app.Service<MessageStore>().AddManyAsync(
            [.. Enumerable.Range(0, count).Select(i => new NewMessage(from.Id, to.Id, At, $"seeded {i}"))],
            id => id == from.Id ? from : to);

    static async Task AssertIsTheWholeFeedAsync(FeedDevice device, HttpClient rest)
    {
        Assert.Empty(device.Violations);
        var feed = await rest.WholeFeedAsync();
        Assert.Equal(feed.Select(e => e.Line()), device.Accepted.Select(e => e.Line()));
    }

    /// <summary>A round trip on the connection that changes nothing: whatever the server sent it before is in once this returns.</summary>
    static async Task RoundTripAsync(HubConnection connection) =>
        await Assert.ThrowsAsync<HubException>(() => connection.InvokeJsonAsync("SendMessage", 0, "nobody"));

    [Fact]
    public async Task ResumeSendsEveryEventAfterSinceOnChatEventAndAnswersTheLastSeqReplayed()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var rest = app.ClientFor(ada);
        for (var i = 0; i < 5; i++)
            await rest.SendMessageAsync(bob.Id, $"m{i}");
        var connection = app.HubConnection(app.TokenFor(ada));
        await using var _ = connection;
        var events = connection.Inbox(EventNames.FeedEvent);
        await connection.StartAsync();

        var reply = await connection.InvokeJsonAsync("Resume", 2);

        WireJson.AssertSame(JToken.Parse("""{"next":5}"""), reply);
        var feed = await rest.WholeFeedAsync();
        foreach (var expected in feed.Skip(2))
            WireJson.AssertSame(expected, await events.NextAsync());
        await RoundTripAsync(connection);
        Assert.Equal(0, events.Pending);
    }

    [Fact]
    public async Task EventsCommittedWhileAResumeReplaysArriveOnceInOrderAfterTheReplay()
    {
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await SeedAsync(app, ada, bob, 2000);
        var (adaRest, bobRest) = (app.ClientFor(ada), app.ClientFor(bob));
        await using var device = new FeedDevice(app, app.TokenFor(ada), "ada");
        var sentDuringReplay = 0;
        // At seq 200 of 2,000 the device stops reading until 50 more messages are durable: they are committed
        // while the replay is still on its way, after Resume read the newest seq it replays up to.
        device.OnAccepted = async e =>
        {
            if ((int)e["seq"]! != 200)
                return;
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => i % 2 == 0
                ? adaRest.SendMessageAsync(bob.Id, $"live {i}")
                : bobRest.SendMessageAsync(ada.Id, $"live {i}")));
            sentDuringReplay = 50;
        };
        await device.ConnectAsync();

        var reply = await device.ResumeAsync();
        await device.WaitForAsync(2050);

        Assert.Equal(50, sentDuringReplay);
        Assert.Equal(2000, (int)reply["next"]!);
        await AssertIsTheWholeFeedAsync(device, adaRest);
        await RoundTripAsync(device.Connection!);
        Assert.Equal(2050, device.Last);
    }

    [Fact]
    public async Task SendsRacingTheStartOfAResumeAreDeliveredOnceInOrder()
    {
        var seed = TestSeed.Choose();
        var random = new Random(seed);
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var (adaRest, bobRest) = (app.ClientFor(ada), app.ClientFor(bob));
        await using var device = new FeedDevice(app, app.TokenFor(ada), "ada");
        var expected = 0;

        for (var round = 0; round < 4; round++)
        {
            var pending = round == 0 ? 2000 : random.Next(1, 400);
            await SeedAsync(app, bob, ada, pending);
            var racing = random.Next(10, 60);
            expected += pending + racing;
            await device.ConnectAsync();
            var sends = Task.WhenAll(Enumerable.Range(0, racing).Select(i => random.Next(2) == 0
                ? adaRest.SendMessageAsync(bob.Id, $"race {round}.{i}")
                : bobRest.SendMessageAsync(ada.Id, $"race {round}.{i}")));
            await Task.Delay(random.Next(0, 5));

            await device.ResumeAsync();
            await sends;
            await device.WaitForAsync(expected);
            await device.DropAsync();
        }

        Assert.True(device.Violations.Count == 0, $"{TestSeed.Describe(seed)}: {string.Join("; ", device.Violations)}");
        await AssertIsTheWholeFeedAsync(device, adaRest);
    }

    [Fact]
    public async Task AResumedConnectionGetsNewMessagesOnChatEventAndNotOnItsUsernameEvent()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var connection = app.HubConnection(app.TokenFor(ada));
        await using var _ = connection;
        var events = connection.Inbox(EventNames.FeedEvent);
        var v1 = connection.Inbox("ada");
        await connection.StartAsync();
        await connection.InvokeJsonAsync("Resume", 0);

        var received = await app.ClientFor(bob).SendRestAsync(ada.Id, "to ada");
        var sent = await connection.InvokeJsonAsync("Send", new { to = bob.Id, body = "to bob" });

        foreach (var (message, seq) in new[] { (received, 1), (sent, 2) })
        {
            var e = await events.NextAsync();
            Assert.Equal((seq, "message.created"), ((int)e["seq"]!, (string?)e["type"]));
            WireJson.AssertSame(message, e["message"]!);
        }
        await RoundTripAsync(connection);
        Assert.Equal((0, 0), (events.Pending, v1.Pending));
    }

    [Fact]
    public async Task AConnectionThatNeverResumesGetsItsUsernameEventAndNeverChatEvent()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var connection = app.HubConnection(app.TokenFor(ada));
        await using var _ = connection;
        var events = connection.Inbox(EventNames.FeedEvent);
        var v1 = connection.Inbox("ada");
        await connection.StartAsync();
        // Another device of the same user resumes: that must not change this connection.
        await using var resumed = new FeedDevice(app, app.TokenFor(ada), "ada's other device");
        await resumed.ConnectAndResumeAsync();

        var received = await app.ClientFor(bob).SendRestAsync(ada.Id, "to ada");
        var sent = await connection.InvokeJsonAsync("Send", new { to_username = "bob", body = "to bob" });

        WireJson.AssertSame(received, await v1.NextAsync());
        WireJson.AssertSame(sent, await v1.NextAsync());
        await RoundTripAsync(connection);
        Assert.Equal((0, 0), (events.Pending, v1.Pending));
        await resumed.WaitForAsync(2);
    }

    [Fact]
    public async Task ResumeBeyondTheNewestSeqIsRefusedNamingItAndTheConnectionKeepsVersion1Delivery()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        for (var i = 0; i < 3; i++)
            await app.ClientFor(bob).SendMessageAsync(ada.Id, $"m{i}");
        var connection = app.HubConnection(app.TokenFor(ada));
        await using var _ = connection;
        var events = connection.Inbox(EventNames.FeedEvent);
        var v1 = connection.Inbox("ada");
        await connection.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeJsonAsync("Resume", 4));
        var after = await app.ClientFor(bob).SendRestAsync(ada.Id, "after the refusal");

        Assert.Matches(@"\bnewest seq is 3\b", refused.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        WireJson.AssertSame(after, await v1.NextAsync());
        await RoundTripAsync(connection);
        Assert.Equal(0, events.Pending);
    }

    [Fact]
    public async Task ResumeWithMoreThan10000EventsPendingIsRefusedNamingGetSync()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        await SeedAsync(app, ada, ada, 10_001);
        await using var device = new FeedDevice(app, app.TokenFor(ada), "ada");
        var connection = await device.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeJsonAsync("Resume", 0));
        // Caught up through GET /sync, the client resumes from its next. (Replaying exactly 10,000 costs seconds here.)
        var caughtUp = await app.ClientFor(ada).SyncPageAsync(9_001, 1000);
        var reply = await connection.InvokeJsonAsync("Resume", (int)caughtUp["next"]!);

        Assert.Contains("GET /sync?since=0", refused.Message);
        Assert.Equal(HubConnectionState.Connected, connection.State);
        WireJson.AssertSame(JToken.Parse("""{"next":10001}"""), reply);
        Assert.Equal(10_001, app.Service<FeedStore>().NewestSeq(ada.Id));
    }

    [Fact]
    public async Task ResumingAgainRestartsTheReplayFromTheNewSince()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var rest = app.ClientFor(ada);
        for (var i = 0; i < 3; i++)
            await rest.SendMessageAsync(ada.Id, $"m{i}");
        var connection = app.HubConnection(app.TokenFor(ada));
        await using var _ = connection;
        var events = connection.Inbox(EventNames.FeedEvent);
        await connection.StartAsync();

        await connection.InvokeJsonAsync("Resume", 0);
        var again = await connection.InvokeJsonAsync("Resume", 1);
        await rest.SendMessageAsync(ada.Id, "live");

        var seqs = new List<int>();
        for (var i = 0; i < 6; i++)
            seqs.Add((int)(await events.NextAsync())["seq"]!);
        Assert.Equal([1, 2, 3, 2, 3, 4], seqs);
        Assert.Equal(3, (int)again["next"]!);
        await RoundTripAsync(connection);
        Assert.Equal(0, events.Pending);
    }
}
