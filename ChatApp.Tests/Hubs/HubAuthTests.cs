using System.Net;
using System.Net.WebSockets;
using System.Text;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChatApp.Tests.Hubs;

public sealed class HubAuthTests
{
    const string Negotiate = "/hubs/chat/negotiate?negotiateVersion=1";

    public static TheoryData<string?, string> RefusedTokens => new()
    {
        { null, "an access token is required" },
        { "garbage", "the access token is invalid" },
        { "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.AAAA", "the access token is invalid" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task NegotiateWithoutAValidTokenIs401ProblemJson(string? token, string detail)
    {
        await using var app = new ChatAppFactory();
        await app.CreateUserAsync("ada");
        var client = token is null ? app.CreateClient() : app.ClientWithToken(token);

        var response = await client.PostAsync(Negotiate, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, (string?)(await response.ReadWireJsonAsync())["detail"]);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => app.HubConnection(token ?? "").StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task ARevokedTokenIsRefusedAtNegotiate()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var token = app.TokenFor(ada);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithToken(token).GetAsync("/logout")).StatusCode);

        var response = await app.ClientWithToken(token).PostAsync(Negotiate, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("revoked", (string?)(await response.ReadWireJsonAsync())["detail"]);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => app.HubConnection(token).StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task BrowsersCanNegotiateAndConnectWithTheAccessTokenInTheQuery()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var token = app.TokenFor(ada);
        var client = app.CreateClient();

        var negotiated = await client.PostAsync($"{Negotiate}&access_token={token}", null);

        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        var connectionToken = (string?)(await negotiated.ReadWireJsonAsync())["connectionToken"];
        Assert.False(string.IsNullOrEmpty(connectionToken));
        // Then the WebSocket, with no header at all, as a browser opens it.
        var socket = await app.Server.CreateWebSocketClient().ConnectAsync(
            new Uri(app.Server.BaseAddress, $"/hubs/chat?id={connectionToken}&access_token={token}"), default);
        var frames = new FrameReader(socket);
        await SendFrameAsync(socket, """{"protocol":"json","version":1}""");
        Assert.Equal("{}", await frames.NextAsync());
        Assert.Equal("""{"type":1,"target":"echo","arguments":["you have been connected"]}""", await frames.NextAsync());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
    }

    [Fact]
    public async Task RestRoutesIgnoreAnAccessTokenInTheQuery()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");

        var response = await app.CreateClient().GetAsync($"/user?access_token={app.TokenFor(ada)}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task LoggingOutClosesTheConnectionsOpenedWithThatTokenOnly()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var phoneToken = app.TokenFor(ada);
        var (tab1, _) = await app.ConnectAsync(phoneToken);
        var (tab2, _) = await app.ConnectAsync(phoneToken);
        var (laptop, _) = await app.ConnectAsync(app.TokenFor(ada));
        await using var _1 = tab1;
        await using var _2 = tab2;
        await using var _3 = laptop;
        var closed = new[] { tab1.ClosedAsync(), tab2.ClosedAsync() };
        var laptopInbox = laptop.Inbox("ada");

        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithToken(phoneToken).GetAsync("/logout")).StatusCode);

        await Task.WhenAll(closed).WaitAsync(HubTestClient.Patience);
        Assert.Equal(HubConnectionState.Disconnected, tab1.State);
        Assert.Equal(HubConnectionState.Disconnected, tab2.State);
        var message = await app.ClientFor(bob).SendRestAsync(ada.Id, "still there?");
        WireJson.AssertSame(message, await laptopInbox.NextAsync());
        Assert.Equal(HubConnectionState.Connected, laptop.State);
    }

    [Fact]
    public async Task GetLoginAlsoRevokesAndClosesTheConnection()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var token = app.TokenFor(ada);
        var (connection, _) = await app.ConnectAsync(token);
        await using var _c = connection;
        var closed = connection.ClosedAsync();

        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithToken(token).GetAsync("/login")).StatusCode);

        await closed.WaitAsync(HubTestClient.Patience);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task AConnectionIsClosedWhenItsTokenExpires()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var token = app.TokenFor(ada);
        var (connection, _) = await app.ConnectAsync(token);
        await using var _c = connection;
        var closed = connection.ClosedAsync();
        var expiry = new JsonWebToken(token).ValidTo;

        app.Clock.SetUtcNow(expiry.AddSeconds(-1));
        // Still open a second before expiry: a round trip proves the sweep left it alone.
        await connection.InvokeJsonAsync("SendMessage", ada.Id, "before expiry");
        Assert.False(closed.IsCompleted);
        app.Clock.SetUtcNow(expiry.AddSeconds(1));

        await closed.WaitAsync(HubTestClient.Patience);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    static Task SendFrameAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + "\u001e"), WebSocketMessageType.Text, true, default);

    /// <summary>SignalR's JSON frames end with U+001E; one WebSocket message may hold several.</summary>
    sealed class FrameReader(WebSocket socket)
    {
        readonly Queue<string> _frames = new();
        readonly StringBuilder _partial = new();

        public async Task<string> NextAsync()
        {
            var buffer = new byte[4096];
            while (_frames.Count == 0)
            {
                var result = await socket.ReceiveAsync(buffer, default).WaitAsync(HubTestClient.Patience);
                _partial.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                var parts = _partial.ToString().Split('\u001e');
                foreach (var frame in parts[..^1])
                    _frames.Enqueue(frame);
                _partial.Clear().Append(parts[^1]);
            }
            return _frames.Dequeue();
        }
    }
}
