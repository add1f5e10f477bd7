using System.Threading.Channels;
using ChatApp.Contracts;
using ChatApp.Features.Feed;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

/// <summary>
/// A connection that called <c>Resume</c>: its user's new events queue here from the moment it subscribes,
/// and are sent in order once the replay has been sent, skipping what the replay already held.
/// </summary>
public sealed class ResumedConnection : IFeedSubscriber, IDisposable
{
    // A client this far behind is cut off; it reconnects and resumes from its last seq.
    const int MaxQueued = 10_000;

    readonly Channel<EventResponse> _queue = Channel.CreateBounded<EventResponse>(
        new BoundedChannelOptions(MaxQueued) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite });
    readonly HubCallerContext _connection;
    IDisposable? _subscription;

    public ResumedConnection(HubCallerContext connection, LiveFeed live, int userId)
    {
        _connection = connection;
        _subscription = live.Subscribe(userId, this);
    }

    public void Deliver(EventResponse e)
    {
        if (!_queue.Writer.TryWrite(e) || _queue.Reader.Count >= MaxQueued)
            _connection.Abort();
    }

    /// <summary>Sends the queued and all later events with a seq above <paramref name="replayedUpTo"/>, until the connection ends.</summary>
    public async Task PumpAsync(IHubContext<ChatHub> hub, int replayedUpTo)
    {
        var client = hub.Clients.Client(_connection.ConnectionId);
        var last = replayedUpTo;
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(_connection.ConnectionAborted))
            {
                if (e.Seq <= last)
                    continue;
                await client.SendAsync(EventNames.FeedEvent, e, _connection.ConnectionAborted);
                last = e.Seq;
            }
        }
        catch (Exception)
        {
            // The connection closed (or its transport failed): the client resumes from its last seq.
            _connection.Abort();
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
        _queue.Writer.TryComplete();
    }
}
