using ChatApp.Contracts;
using System.Text.Json;
using System.Threading.Channels;
using ChatApp.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

/// <summary>
/// The .NET SignalR client as an app would use it (WebSockets, token from AccessTokenProvider), wired
/// to the in-memory test server, with an inbox per event that keeps the raw wire JSON.
/// </summary>
public static class HubTestClient
{
    /// <summary>Generous bound for something that happens at once; reaching it fails the test.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static HubConnection HubConnection(this WebApplicationFactory<Program> app, string token,
        Action<IHubConnectionBuilder>? configure = null)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, ChatHub.Path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                // The test server's WebSocket client; it sends the token as the real client does (header).
                o.WebSocketFactory = async (context, cancel) =>
                {
                    var client = app.Server.CreateWebSocketClient();
                    client.ConfigureRequest = r => r.Headers.Authorization = $"Bearer {token}";
                    return await client.ConnectAsync(context.Uri, cancel);
                };
            });
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>A connection with its <c>echo</c> inbox, started.</summary>
    public static async Task<(HubConnection Connection, HubInbox Echo)> ConnectAsync(
        this WebApplicationFactory<Program> app, string token)
    {
        var connection = app.HubConnection(token);
        var echo = connection.Inbox(EventNames.Echo);
        await connection.StartJoinedAsync();
        return (connection, echo);
    }

    /// <summary>
    /// Starts the connection and waits for the server's greeting. StartAsync returns at the handshake, before
    /// OnConnectedAsync has put the connection in its groups; the greeting is OnConnectedAsync's last step.
    /// </summary>
    public static async Task StartJoinedAsync(this HubConnection connection)
    {
        var greeted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Arguments ignored: the event's other handlers decide how they are bound.
        using var _ = connection.On(EventNames.Echo, [typeof(JsonElement)], _ => { greeted.TrySetResult(); return Task.CompletedTask; });
        await connection.StartAsync().WaitAsync(Patience);
        await greeted.Task.WaitAsync(Patience);
    }

    public static HubInbox Inbox(this HubConnection connection, string eventName)
    {
        var inbox = new HubInbox();
        connection.On<JsonElement>(eventName, inbox.Add);
        return inbox;
    }

    /// <summary>Completes when the server closes the connection; gives the reason the client saw.</summary>
    public static Task<Exception?> ClosedAsync(this HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        return closed.Task;
    }

    public static async Task<JToken> InvokeJsonAsync(this HubConnection connection, string method, params object?[] args) =>
        WireJson.Parse((await connection.InvokeCoreAsync<JsonElement>(method, args).WaitAsync(Patience)).GetRawText());
}

/// <summary>What one connection received on one event, in order, as wire JSON.</summary>
public sealed class HubInbox
{
    readonly Channel<JToken> _received = Channel.CreateUnbounded<JToken>();

    public void Add(JsonElement argument) => _received.Writer.TryWrite(WireJson.Parse(argument.GetRawText()));

    public async Task<JToken> NextAsync()
    {
        using var timeout = new CancellationTokenSource(HubTestClient.Patience);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Items received so far and not yet read.</summary>
    public int Pending => _received.Reader.Count;
}
