using ChatApp.Data;
using ChatApp.Hosting;
using ChatApp.Modules.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

/// <summary>
/// The one way a message enters ChatApp, from REST or the hub alike: store it durably, then push it to
/// every open connection of both participants, each on the event named after their own username.
/// </summary>
public sealed class MessageSender(MessageStore messages, IHubContext<ChatHub> hub, KeyedRateLimiters limits)
{
    public async Task<MessageResponse> SendAsync(UserDocument from, UserDocument to, string body)
    {
        limits.AcquireSend(from.Id);
        var message = MessageResponse.Of(await messages.AddAsync(from, to, body));
        await hub.Clients.Group(UserGroup.Of(from.Id)).SendAsync(from.Username, message);
        if (to.Id != from.Id)
            await hub.Clients.Group(UserGroup.Of(to.Id)).SendAsync(to.Username, message);
        return message;
    }
}
