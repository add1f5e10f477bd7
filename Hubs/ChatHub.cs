using ChatApp.Data;
using ChatApp.Modules.Auth;
using ChatApp.Modules.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

[Authorize]
public sealed class ChatHub(MessageSender messages, UserStore users, ConnectionRegistry connections) : Hub
{
    public const string Path = "/hubs/chat";

    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup.Of(Context.User!.UserId()));
        await Clients.Caller.SendAsync(HubEvents.Echo, HubEvents.ConnectedText);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        return Task.CompletedTask;
    }

    public Task<MessageResponse> SendMessage(int to, string body)
    {
        RequireValidBody(body);
        return Send(users.FindById(to) ?? throw new HubException($"user {to} does not exist"), body);
    }

    public Task<MessageResponse> SendMessageTo(string username, string body)
    {
        RequireValidBody(body);
        var recipient = username is null ? null : users.FindByUsername(username);
        return Send(recipient ?? throw new HubException($"no user is named '{username}'"), body);
    }

    // Same order and wording as the REST routes: the body is checked before the recipient.
    static void RequireValidBody(string? body)
    {
        if (Validation.BodyError(body) is { } error)
            throw new HubException($"body {error}");
    }

    Task<MessageResponse> Send(UserDocument recipient, string body)
    {
        var author = users.FindById(Context.User!.UserId())
            ?? throw new HubException("your account does not exist");
        return messages.SendAsync(author, recipient, body);
    }
}
