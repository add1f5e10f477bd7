using System.Diagnostics;
using ChatApp.Contracts;
using ChatApp.Features.Presence;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace ChatApp.Tests.Features;

/// <summary><c>Typing(to)</c> → <c>chat:typing</c>: every connection of the recipient, at most once per pair per 2 s, never stored.</summary>
public sealed class TypingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TypingReachesEveryConnectionOfTheRecipientAtMostOncePerPairEveryTwoSeconds()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        await using var adaPhone = await Device.OpenAsync(app, ada, name: "ada phone");
        await using var adaLaptop = await Device.OpenAsync(app, ada, name: "ada laptop");
        await using var bobPhone = await Device.OpenAsync(app, bob, name: "bob phone");
        await using var bobV1 = await Device.OpenAsync(app, bob, resumeFrom: null, name: "bob v1");
        await using var eveHub = await Device.OpenAsync(app, eve);
        var head = await app.ClientFor(bob).FeedHeadAsync();

        for (var i = 0; i < 3; i++)
            await adaPhone.Connection.InvokeAsync("Typing", bob.Id).WaitAsync(HubTestClient.Patience);
        app.Clock.Advance(TimeSpan.FromSeconds(1.9));
        await adaLaptop.Connection.InvokeAsync("Typing", bob.Id).WaitAsync(HubTestClient.Patience);
        // Another pair has its own budget.
        await eveHub.Connection.InvokeAsync("Typing", bob.Id).WaitAsync(HubTestClient.Patience);
        await adaPhone.Connection.InvokeAsync("Typing", ada.Id).WaitAsync(HubTestClient.Patience);
        app.Clock.Advance(TimeSpan.FromSeconds(0.2));
        await adaPhone.Connection.InvokeAsync("Typing", bob.Id).WaitAsync(HubTestClient.Patience);

        foreach (var device in new[] { bobPhone, bobV1 })
        {
            await device.WaitForAsync(EventNames.Typing, _ => device.All(EventNames.Typing).Count >= 3);
            Assert.Equal(["""{"from":1,"username":"ada"}""", """{"from":3,"username":"eve"}""", """{"from":1,"username":"ada"}"""],
                device.All(EventNames.Typing).Select(t => t.ToString(Newtonsoft.Json.Formatting.None)));
        }
        // Typing to oneself tells no one, and the senders' other connections hear nothing.
        await eveHub.Connection.InvokeAsync("Typing", ada.Id).WaitAsync(HubTestClient.Patience);
        await adaPhone.WaitForAsync(EventNames.Typing, _ => true);
        await Task.Delay(100);
        Assert.Equal(["eve"], adaPhone.All(EventNames.Typing).Select(t => (string?)t["username"]));
        Assert.Equal(["eve"], adaLaptop.All(EventNames.Typing).Select(t => (string?)t["username"]));
        Assert.Empty(eveHub.All(EventNames.Typing));
        Assert.Equal(head, await app.ClientFor(bob).FeedHeadAsync());
    }

    [Fact]
    public async Task TypingToAnUnknownUserIsAHubErrorOnAConnectionThatStaysOpen()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        await using var adaHub = await Device.OpenAsync(app, ada);

        var refused = await Assert.ThrowsAsync<HubException>(() => adaHub.Connection.InvokeAsync("Typing", 999_999));

        Assert.Contains("999999", refused.Message);
        await adaHub.Connection.InvokeAsync("Typing", ada.Id).WaitAsync(HubTestClient.Patience);
        Assert.Equal(HubConnectionState.Connected, adaHub.Connection.State);
    }

    [Fact]
    public async Task AFloodOfTypingFromOneConnectionForwardsOnePerPeriodAndCostsTheServerLittle()
    {
        const int calls = 5_000, periods = 5;
        await using var app = new ChatAppFactory(settings: Settings.NoRateLimits());
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await using var adaHub = await Device.OpenAsync(app, ada);
        await using var bobHub = await Device.OpenAsync(app, bob);

        var wall = Stopwatch.StartNew();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (var period = 0; period < periods; period++)
        {
            for (var i = 0; i < calls / periods; i++)
                await adaHub.Connection.SendAsync("Typing", bob.Id);
            // A connection's invocations run in order: once this one returns, every call before it was handled.
            await adaHub.Connection.InvokeAsync("Typing", bob.Id).WaitAsync(TimeSpan.FromSeconds(30));
            app.Clock.Advance(TimeSpan.FromSeconds(2));
        }
        wall.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        await bobHub.WaitForAsync(EventNames.Typing, _ => bobHub.All(EventNames.Typing).Count >= periods);
        await Task.Delay(100);
        Assert.Equal(periods, bobHub.All(EventNames.Typing).Count);

        // The service alone, on this thread: the cost of a dropped call on the server.
        var typing = app.Service<TypingService>();
        await typing.TypingAsync(ada.Id, bob.Id);
        var own = GC.GetAllocatedBytesForCurrentThread();
        var service = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
            await typing.TypingAsync(ada.Id, bob.Id);
        service.Stop();
        own = GC.GetAllocatedBytesForCurrentThread() - own;
        output.WriteLine($"hub: {calls + periods} Typing calls over one WebSocket in {wall.ElapsedMilliseconds} ms = {(calls + periods) / wall.Elapsed.TotalSeconds:N0} calls/s, "
            + $"{allocated / (calls + periods):N0} bytes allocated per call (client and server, whole process); {periods} forwarded");
        output.WriteLine($"TypingService alone: {calls} throttled calls in {service.Elapsed.TotalMilliseconds:N1} ms = {calls / service.Elapsed.TotalSeconds:N0} calls/s, "
            + $"{own / calls:N0} bytes allocated per call");
    }
}
