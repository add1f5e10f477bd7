using System.Net;
using ChatApp.Hubs;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Tests.Hubs;

public sealed class HubErrorTests
{
    public static TheoryData<string, object?[], string> BadCalls => new()
    {
        { "SendMessage", [999, "hi"], "user 999 does not exist" },
        { "SendMessageTo", ["nobody", "hi"], "no user is named 'nobody'" },
        { "SendMessage", [1, ""], "body must not be empty or only white space" },
        { "SendMessage", [1, "   \n "], "body must not be empty or only white space" },
        { "SendMessage", [1, null], "body is required" },
        { "SendMessageTo", ["bob", new string('x', 4001)], "body must be at most 4000 characters" },
        { "SendMessage", [1, "bell \a"], "body must not contain control characters" },
        { "SendMessage", ["one", "hi"], "Error binding arguments" },
        { "SendMessage", [1], "Invocation provides 1 argument(s) but target expects 2" },
        { "SendMessageTo", [7, "hi"], "Error binding arguments" },
        { "DeleteEverything", [], "Method does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task ABadCallRaisesAHubExceptionAndTheConnectionKeepsWorking(string method, object?[] args, string expected)
    {
        await using var app = new ChatAppFactory();
        var bob = await app.CreateUserAsync("bob");
        var ada = await app.CreateUserAsync("ada");
        var (adaHub, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _a = adaHub;

        var error = await Assert.ThrowsAsync<HubException>(() => adaHub.InvokeCoreAsync<object>(method, args).WaitAsync(HubTestClient.Patience));

        Assert.True(error.Message.Contains(expected), error.Message);
        Assert.Equal(HubConnectionState.Connected, adaHub.State);
        var next = await adaHub.InvokeJsonAsync("SendMessage", bob.Id, "still here");
        Assert.Equal("still here", (string?)next["body"]);
        var stored = await (await app.ClientFor(ada).GetAsync($"/message/{bob.Id}")).ReadWireJsonAsync();
        WireJson.AssertSame(new Newtonsoft.Json.Linq.JArray(next), stored);
    }

    [Fact]
    public async Task AnOversizedFrameClosesOnlyThatConnection()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var (adaBig, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _big = adaBig;
        var bigClosed = adaBig.ClosedAsync();
        var (adaOther, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _other = adaOther;
        var (bobHub, _) = await app.ConnectAsync(app.TokenFor(bob));
        await using var _b = bobHub;
        var bobInbox = bobHub.Inbox("bob");

        var oversized = new string('x', (int)RealtimeSetup.MaxHubMessageBytes + 1);
        await Assert.ThrowsAnyAsync<Exception>(() => adaBig.InvokeCoreAsync<object>("SendMessage", [bob.Id, oversized]).WaitAsync(HubTestClient.Patience));

        var reason = await bigClosed.WaitAsync(HubTestClient.Patience);
        Assert.Contains("maximum message size of 65536B was exceeded", reason?.Message);
        Assert.Equal(HubConnectionState.Disconnected, adaBig.State);
        // The same user's other connection and the other user are unharmed, and nothing was stored.
        var next = await adaOther.InvokeJsonAsync("SendMessage", bob.Id, "after the big one");
        WireJson.AssertSame(next, await bobInbox.NextAsync());
        var history = await app.ClientFor(bob).GetAsync($"/message/{ada.Id}");
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        WireJson.AssertSame(new Newtonsoft.Json.Linq.JArray(next), await history.ReadWireJsonAsync());
    }

    [Fact]
    public async Task AServerFaultReachesTheClientAsOneGenericLine()
    {
        var filter = new HubErrorFilter(Microsoft.Extensions.Logging.Abstractions.NullLogger<HubErrorFilter>.Instance);
        var invocation = new HubInvocationContext(null!, null!, null!, typeof(ChatHub).GetMethod(nameof(ChatHub.SendMessage))!, []);

        var fault = await Assert.ThrowsAsync<HubException>(async () =>
            await filter.InvokeMethodAsync(invocation, _ => throw new IOException("disk /secret/path is full")));
        var refusal = await Assert.ThrowsAsync<HubException>(async () =>
            await filter.InvokeMethodAsync(invocation, _ => throw new HubException("user 9 does not exist")));

        Assert.Equal("the server failed to handle the call", fault.Message);
        Assert.Equal("user 9 does not exist", refusal.Message);
    }
}
