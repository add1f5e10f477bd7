using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Feed;
using ChatApp.Features.Messages;
using ChatApp.Features.Presence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

[Authorize]
public sealed class ChatHub(
    MessageService messages, FeedService feed, LiveFeed live, PresenceService presence, TypingService typing,
    ConnectionRegistry connections, IHubContext<ChatHub> hub) : Hub
{
    public const string Path = "/hubs/chat";
    const string Resumed = "resumed";

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User!.UserId();
        connections.Add(Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup.Of(userId));
        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup.VersionOne(userId));
        presence.Connected(userId);
        await Clients.Caller.SendAsync(EventNames.Echo, EventNames.ConnectedText);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        presence.Disconnected(Context.User!.UserId());
        (Context.Items[Resumed] as ResumedConnection)?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Tells user <paramref name="to"/> the caller is typing (at most once per 2 s; extra calls are dropped).</summary>
    public async Task Typing(int to) => (await typing.TypingAsync(Context.User!.UserId(), to)).OrThrow();

    public async Task<MessageResponse> SendMessage(int to, string body) =>
        (await messages.SendAsync(Context.User!.UserId(), new Recipient.ById(to), body)).OrThrow().Message;

    public async Task<MessageResponse> SendMessageTo(string username, string body) =>
        (await messages.SendAsync(Context.User!.UserId(), new Recipient.ByUsername(username), body)).OrThrow().Message;

    public async Task<MessageResponse> Send(HubSendRequest? request)
    {
        if (request is null)
            throw new HubException("Send takes one object: {\"to\" or \"to_username\", \"body\", \"client_id\"}");
        Recipient to = (request.To, request.ToUsername) switch
        {
            ({ } id, null) => new Recipient.ById(id),
            (null, { } name) => new Recipient.ByUsername(name),
            _ => throw new HubException("give the recipient as either 'to' or 'to_username'"),
        };
        return (await messages.SendAsync(Context.User!.UserId(), to, request.Body, request.ClientId)).OrThrow().Message;
    }

    /// <summary>
    /// Sends every event after <paramref name="since"/> on <c>chat:event</c>, then every new one as it happens.
    /// The subscription starts before the replay is read, and the live queue skips what the replay sent:
    /// nothing at the seam is lost or sent twice.
    /// </summary>
    public async Task<ResumeResponse> Resume(int since)
    {
        var userId = Context.User!.UserId();
        (Context.Items[Resumed] as ResumedConnection)?.Dispose();
        var resumed = new ResumedConnection(Context, live, userId);
        Context.Items[Resumed] = resumed;
        // From here on this connection gets messages as feed events instead of its username event.
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, UserGroup.VersionOne(userId));
        int head;
        try
        {
            head = feed.ResumeHead(userId, since).OrThrow();
        }
        catch
        {
            resumed.Dispose();
            Context.Items.Remove(Resumed);
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup.VersionOne(userId));
            throw;
        }
        var last = since;
        while (last < head)
        {
            var page = feed.Replay(userId, last, head, FeedService.MaxLimit);
            foreach (var e in page)
                await Clients.Caller.SendAsync(EventNames.FeedEvent, e, Context.ConnectionAborted);
            last = page.Count > 0 ? page[^1].Seq : head;
        }
        _ = resumed.PumpAsync(hub, last);
        return new ResumeResponse(last);
    }
}
