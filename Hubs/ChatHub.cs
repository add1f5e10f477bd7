using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Messages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

[Authorize]
public sealed class ChatHub(MessageService messages, ConnectionRegistry connections) : Hub
{
    public const string Path = "/hubs/chat";

    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup.Of(Context.User!.UserId()));
        await Clients.Caller.SendAsync(EventNames.Echo, EventNames.ConnectedText);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        return Task.CompletedTask;
    }

    public async Task<MessageResponse> SendMessage(int to, string body) =>
        (await messages.SendAsync(Context.User!.UserId(), new Recipient.ById(to), body)).OrThrow();

    public async Task<MessageResponse> SendMessageTo(string username, string body) =>
        (await messages.SendAsync(Context.User!.UserId(), new Recipient.ByUsername(username), body)).OrThrow();
}
