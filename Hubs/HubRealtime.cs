using ChatApp.Contracts;
using ChatApp.Features.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

/// <summary>The services' <see cref="IRealtime"/>, delivered through the hub.</summary>
public sealed class HubRealtime(IHubContext<ChatHub> hub, ConnectionRegistry connections) : IRealtime
{
    /// <summary>Each participant's version-1 connections get the message on the event named after their own username.</summary>
    public async Task MessageCreatedAsync(Participant from, Participant to, MessageResponse message)
    {
        await hub.Clients.Group(UserGroup.VersionOne(from.Id)).SendAsync(from.Username, message);
        if (to.Id != from.Id)
            await hub.Clients.Group(UserGroup.VersionOne(to.Id)).SendAsync(to.Username, message);
    }

    public Task SendToUsersAsync(IReadOnlyCollection<int> userIds, string hubEvent, object payload) =>
        userIds.Count == 0 ? Task.CompletedTask : hub.Clients.Groups(userIds.Select(UserGroup.Of).ToList()).SendAsync(hubEvent, payload);

    public void CloseSession(string tokenId) => connections.CloseAll(tokenId);

    public void CloseUser(int userId, string? exceptTokenId = null) => connections.CloseUser(userId, exceptTokenId);
}
