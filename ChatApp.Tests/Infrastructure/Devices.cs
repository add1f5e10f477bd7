using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Hubs;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// One hub connection of a user, as an app holds it: it records, in arrival order, every version 2 event
/// (<c>chat:event</c>, <c>chat:typing</c>, <c>chat:presence</c>) and its own username event, as wire JSON.
/// </summary>
public sealed class Device : IAsyncDisposable
{
    readonly List<(string Event, JToken Argument)> _received = [];
    readonly SemaphoreSlim _arrived = new(0);

    public HubConnection Connection { get; }
    public string Name { get; }

    Device(HubConnection connection, string name)
    {
        Connection = connection;
        Name = name;
    }

    /// <summary>Connects as <paramref name="user"/>; with <paramref name="resumeFrom"/> it calls <c>Resume</c> too.</summary>
    public static async Task<Device> OpenAsync(ChatAppFactory app, UserDocument user, int? resumeFrom = 0, string? name = null)
    {
        var device = new Device(app.HubConnection(app.TokenFor(user)), name ?? user.Username);
        foreach (var hubEvent in new[] { EventNames.FeedEvent, EventNames.Typing, EventNames.Presence, user.Username })
            device.Connection.On<JsonElement>(hubEvent, e => device.Record(hubEvent, e));
        await device.Connection.StartJoinedAsync();
        if (resumeFrom is { } since)
            await device.Connection.InvokeJsonAsync("Resume", since);
        return device;
    }

    void Record(string hubEvent, JsonElement argument)
    {
        lock (_received)
            _received.Add((hubEvent, WireJson.Parse(argument.GetRawText())));
        _arrived.Release();
    }

    public IReadOnlyList<(string Event, JToken Argument)> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public IReadOnlyList<JToken> All(string hubEvent) => Received.Where(r => r.Event == hubEvent).Select(r => r.Argument).ToList();

    /// <summary>Feed events of one type (<c>message.edited</c>, <c>chat.read</c>…) received on <c>chat:event</c>.</summary>
    public IReadOnlyList<JToken> FeedEvents(string type) => All(EventNames.FeedEvent).Where(e => (string?)e["type"] == type).ToList();

    /// <summary>Waits until something matching has arrived (already, or within <see cref="HubTestClient.Patience"/>).</summary>
    public async Task<JToken> WaitForAsync(string hubEvent, Func<JToken, bool> match)
    {
        using var timeout = new CancellationTokenSource(HubTestClient.Patience);
        while (true)
        {
            if (All(hubEvent).FirstOrDefault(match) is { } found)
                return found;
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{Name} never received a matching {hubEvent}; it got: {string.Join(" | ", Received.Select(r => $"{r.Event} {r.Argument.ToString(Newtonsoft.Json.Formatting.None)}"))}");
            }
        }
    }

    public Task<JToken> WaitForFeedAsync(string type, Func<JToken, bool>? match = null) =>
        WaitForAsync(EventNames.FeedEvent, e => (string?)e["type"] == type && (match?.Invoke(e) ?? true));

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

/// <summary>
/// A hub connection as a browser opens it (token in the query string) that keeps every frame the server
/// sends, unparsed: privacy tests search the exact bytes, not what a client library chose to surface.
/// </summary>
public sealed class RawHubSocket : IAsyncDisposable
{
    readonly WebSocket _socket;
    readonly List<string> _frames = [];
    readonly Task _reading;
    int _invocations;

    RawHubSocket(WebSocket socket)
    {
        _socket = socket;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<RawHubSocket> OpenAsync(ChatAppFactory app, string token)
    {
        var negotiated = await app.CreateClient().PostAsync($"{ChatHub.Path}/negotiate?negotiateVersion=1&access_token={token}", null);
        negotiated.EnsureSuccessStatusCode();
        var id = (string)(await negotiated.ReadWireJsonAsync())["connectionToken"]!;
        var socket = await app.Server.CreateWebSocketClient().ConnectAsync(
            new Uri(app.Server.BaseAddress, $"{ChatHub.Path}?id={id}&access_token={token}"), default);
        var raw = new RawHubSocket(socket);
        await raw.SendAsync("""{"protocol":"json","version":1}""");
        await raw.WaitForAsync(f => f.Contains("\"target\":\"echo\""));
        return raw;
    }

    public IReadOnlyList<string> Frames
    {
        get { lock (_frames) return [.. _frames]; }
    }

    /// <summary>Invokes a hub method and waits for its completion frame, which it returns.</summary>
    public async Task<string> InvokeAsync(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _invocations).ToString();
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }));
        return await WaitForAsync(f => f.StartsWith("{\"type\":3,") && f.Contains($"\"invocationId\":\"{id}\""));
    }

    public async Task<string> WaitForAsync(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + HubTestClient.Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (Frames.FirstOrDefault(match) is { } frame)
                return frame;
            await Task.Delay(10);
        }
        throw new Xunit.Sdk.XunitException($"no matching frame; got: {string.Join(" | ", Frames)}");
    }

    Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + "\u001e"), WebSocketMessageType.Text, true, default);

    async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var partial = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, default);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                partial.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                var parts = partial.ToString().Split('\u001e');
                lock (_frames)
                    _frames.AddRange(parts[..^1]);
                partial.Clear().Append(parts[^1]);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default).WaitAsync(TimeSpan.FromSeconds(2)); }
        catch (Exception e) when (e is WebSocketException or TimeoutException or InvalidOperationException) { }
        _socket.Dispose();
        await _reading.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { });
    }
}
