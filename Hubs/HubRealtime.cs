using ChatApp.Contracts;
using ChatApp.Features.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

/// <summary>The services' <see cref="IRealtime"/>, delivered through the hub.</summary>
public sealed class HubRealtime(IHubContext<ChatHub> hub, ConnectionRegistry connections) : IRealtime
{
    /// <summary>Each participant gets the message on the event named after their own username.</summary>
    public async Task MessageCreatedAsync(Participant from, Participant to, MessageResponse message)
    {
        await hub.Clients.Group(UserGroup.Of(from.Id)).SendAsync(from.Username, message);
        if (to.Id != from.Id)
            await hub.Clients.Group(UserGroup.Of(to.Id)).SendAsync(to.Username, message);
    }

    public void CloseSession(string tokenId) => connections.CloseAll(tokenId);
}
