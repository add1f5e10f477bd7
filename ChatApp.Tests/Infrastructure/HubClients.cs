using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Tests.Infrastructure;

/// <summary>Hub connections to the test server (long polling: the test server's handler carries it).</summary>
public static class HubClients
{
    public static async Task<HubConnection> ConnectAsync(ChatAppFactory app, string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/chat"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await hub.StartJoinedAsync();
        return hub;
    }
}
