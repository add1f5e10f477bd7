using System.Net;
using ChatApp.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;

namespace ChatApp.Tests.Hubs;

public sealed class HubDeliveryTests
{
    [Fact]
    public async Task ConnectingGreetsTheNewConnectionOnEcho()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var (connection, echo) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _ = connection;

        Assert.Equal("you have been connected", (string?)await echo.NextAsync());
        // Only once, and only to the new connection: a second connection greets itself alone.
        var (second, secondEcho) = await app.ConnectAsync(app.TokenFor(ada));
        await using var __ = second;
        Assert.Equal("you have been connected", (string?)await secondEcho.NextAsync());
        // A round trip on the first connection: anything sent to it before is in by now.
        await connection.InvokeJsonAsync("SendMessage", ada.Id, "ping");
        Assert.Equal(0, echo.Pending);
    }

    [Fact]
    public async Task HubMessageHasTheContractShape()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var (bobHub, _) = await app.ConnectAsync(app.TokenFor(bob));
        await using var _b = bobHub;
        var bobInbox = bobHub.Inbox("bob");
        var (adaHub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _a = adaHub;

        await adaHub.InvokeJsonAsync("SendMessage", bob.Id, "hello bob");

        Snapshot.Match(await bobInbox.NextAsync());
    }

    [Fact]
    public async Task EveryConnectionOfBothParticipantsGetsTheMessageOnceOnItsOwnUsernameEvent()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("Ada");
        var bob = await app.CreateUserAsync("bob");
        var adaTabs = await OpenTabsAsync(app, app.TokenFor(ada), "Ada", 3);
        var bobTabs = await OpenTabsAsync(app, app.TokenFor(bob), "bob", 2);

        var sent = await app.ClientFor(ada).SendRestAsync(bob.Id, "one");
        var marker = await app.ClientFor(bob).SendRestAsync(ada.Id, "two");

        foreach (var (_, inbox) in adaTabs.Concat(bobTabs))
        {
            WireJson.AssertSame(sent, await inbox.NextAsync());
            // The next thing each connection gets is the following message: no duplicate in between.
            WireJson.AssertSame(marker, await inbox.NextAsync());
        }
        await DisposeAllAsync(adaTabs.Concat(bobTabs));
    }

    [Fact]
    public async Task AThirdUserReceivesNothingOfOthersConversations()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var (eveHub, _) = await app.ConnectAsync(app.TokenFor(eve));
        await using var _e = eveHub;
        // Eve listens on every event name she knows, not just her own.
        var eveOwn = eveHub.Inbox("eve");
        var eveOnAda = eveHub.Inbox("ada");
        var eveOnBob = eveHub.Inbox("bob");
        var (adaHub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _a = adaHub;

        await app.ClientFor(ada).SendRestAsync(bob.Id, "through REST");
        await adaHub.InvokeJsonAsync("SendMessageTo", "bob", "through the hub");
        // Delivery is in order per connection, so anything meant for Eve before this would come first.
        var marker = await app.ClientFor(bob).SendRestAsync(eve.Id, "now for eve");

        WireJson.AssertSame(marker, await eveOwn.NextAsync());
        Assert.Equal(0, eveOwn.Pending);
        Assert.Equal(0, eveOnAda.Pending);
        Assert.Equal(0, eveOnBob.Pending);
    }

    [Fact]
    public async Task RestAndHubSendsAreDeliveredAlikeAndStored()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var (adaHub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _a = adaHub;
        var adaInbox = adaHub.Inbox("ada");
        var (bobHub, _) = await app.ConnectAsync(app.TokenFor(bob));
        await using var _b = bobHub;
        var bobInbox = bobHub.Inbox("bob");
        var adaRest = app.ClientFor(ada);

        var byRestId = await adaRest.SendRestAsync(bob.Id, "rest by id");
        var byRestName = await (await adaRest.PostJsonAsync("/add_message/BOB", new { body = "rest by name" })).ReadWireJsonAsync();
        var byHubId = await adaHub.InvokeJsonAsync("SendMessage", bob.Id, "hub by id");
        var byHubName = await adaHub.InvokeJsonAsync("SendMessageTo", "BOB", "hub by name");

        JToken[] sent = [byRestId, byRestName, byHubId, byHubName];
        foreach (var message in sent)
        {
            Assert.Equal(["id", "to", "from", "date_created", "body", "client_id", "edited_at", "deleted"], ((JObject)message).Properties().Select(p => p.Name));
            Assert.Equal(ada.Id, (int)message["from"]!);
            Assert.Equal(bob.Id, (int)message["to"]!);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string)message["date_created"]!);
            WireJson.AssertSame(message, await adaInbox.NextAsync());
            WireJson.AssertSame(message, await bobInbox.NextAsync());
        }
        var stored = await adaRest.GetAsync($"/message/{bob.Id}");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        WireJson.AssertSame(new JArray(sent.Reverse()), await stored.ReadWireJsonAsync());
    }

    [Fact]
    public async Task AMessageToYourselfReachesEachOfYourConnectionsOnce()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var tabs = await OpenTabsAsync(app, app.TokenFor(ada), "ada", 2);

        var note = await tabs[0].Connection.InvokeJsonAsync("SendMessage", ada.Id, "note to self");
        var marker = await app.ClientFor(ada).SendRestAsync(ada.Id, "second note");

        foreach (var (_, inbox) in tabs)
        {
            WireJson.AssertSame(note, await inbox.NextAsync());
            WireJson.AssertSame(marker, await inbox.NextAsync());
        }
        await DisposeAllAsync(tabs);
    }

    [Fact]
    public async Task TheDotNetClientAsDocumentedBindsMessagesWithSnakeCase()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        // The README's .NET snippet: the client's JSON protocol told that the wire is snake_case.
        await using var connection = app.HubConnection(app.TokenFor(ada), b => b.AddJsonProtocol(o =>
            o.PayloadSerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
        var received = new TaskCompletionSource<DocumentedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<DocumentedMessage>("ada", m => received.TrySetResult(m));
        await connection.StartJoinedAsync();

        var sent = await connection.InvokeAsync<DocumentedMessage>("SendMessageTo", "bob", "hello from .NET").WaitAsync(HubTestClient.Patience);

        var expected = new DocumentedMessage(1, bob.Id, ada.Id, ChatAppFactory.Start.UtcDateTime, "hello from .NET");
        Assert.Equal(expected, sent);
        Assert.Equal(expected, await received.Task.WaitAsync(HubTestClient.Patience));
    }

    sealed record DocumentedMessage(int Id, int To, int From, DateTime DateCreated, string Body);

    static async Task<List<(HubConnection Connection, HubInbox Inbox)>> OpenTabsAsync(
        ChatAppFactory app, string token, string eventName, int count)
    {
        var tabs = new List<(HubConnection, HubInbox)>();
        for (var i = 0; i < count; i++)
        {
            var (connection, _) = await app.ConnectAsync(token);
            tabs.Add((connection, connection.Inbox(eventName)));
        }
        return tabs;
    }

    static async Task DisposeAllAsync(IEnumerable<(HubConnection Connection, HubInbox)> tabs)
    {
        foreach (var (connection, _) in tabs)
            await connection.DisposeAsync();
    }
}
