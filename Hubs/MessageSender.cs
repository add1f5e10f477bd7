using ChatApp.Data;
using ChatApp.Modules.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

/// <summary>
/// The one way a message enters ChatApp, from REST or the hub alike: store it durably, then push it to
/// every open connection of both participants, each on the event named after their own username.
/// </summary>
public sealed class MessageSender(MessageStore messages, IHubContext<ChatHub> hub)
{
    public async Task<MessageResponse> SendAsync(UserDocument from, UserDocument to, string body)
    {
        var message = MessageResponse.Of(await messages.AddAsync(from, to, body));
        await hub.Clients.Group(UserGroup.Of(from.Id)).SendAsync(from.Username, message);
        if (to.Id != from.Id)
            await hub.Clients.Group(UserGroup.Of(to.Id)).SendAsync(to.Username, message);
        return message;
    }
}
