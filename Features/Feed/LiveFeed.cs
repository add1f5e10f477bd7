using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Feed;

/// <summary>Receives a user's new events, in seq order, from one thread. Must not block.</summary>
public interface IFeedSubscriber
{
    void Deliver(EventResponse e);
}

/// <summary>
/// Hands each event that became durable to the subscribers of its feed, in seq order: the writer thread
/// queues whole batches here and one dispatcher renders and delivers them, so no send waits on a slow reader.
/// </summary>
public sealed class LiveFeed : IDisposable
{
    readonly ConcurrentDictionary<int, IFeedSubscriber[]> _subscribers = new();
    readonly Channel<IReadOnlyList<EventDocument>> _durable = Channel.CreateUnbounded<IReadOnlyList<EventDocument>>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    readonly FeedStore _feed;
    readonly Task _dispatcher;
    readonly ILogger<LiveFeed> _logger;

    public LiveFeed(FeedStore feed, ILogger<LiveFeed> logger)
    {
        _feed = feed;
        _logger = logger;
        _feed.Durable += Enqueue;
        _dispatcher = Task.Run(DispatchAsync);
    }

    void Enqueue(IReadOnlyList<EventDocument> batch) => _durable.Writer.TryWrite(batch);

    /// <summary>From now on, every new event of the user's feed goes to <paramref name="subscriber"/> too.</summary>
    public IDisposable Subscribe(int userId, IFeedSubscriber subscriber)
    {
        _subscribers.AddOrUpdate(userId, [subscriber], (_, current) => [.. current, subscriber]);
        return new Subscription(this, userId, subscriber);
    }

    void Unsubscribe(int userId, IFeedSubscriber subscriber)
    {
        while (_subscribers.TryGetValue(userId, out var current))
        {
            var rest = current.Where(s => s != subscriber).ToArray();
            var done = rest.Length == 0
                ? _subscribers.TryRemove(KeyValuePair.Create(userId, current))
                : _subscribers.TryUpdate(userId, rest, current);
            if (done)
                return;
        }
    }

    async Task DispatchAsync()
    {
        await foreach (var batch in _durable.Reader.ReadAllAsync())
            foreach (var e in batch)
                if (_subscribers.TryGetValue(e.Owner, out var subscribers))
                {
                    var response = EventResponse.Of(e);
                    foreach (var subscriber in subscribers)
                        try
                        {
                            subscriber.Deliver(response);
                            FeatureMetrics.EventsDelivered.Add(1);
                        }
                        catch (Exception error)
                        {
                            _logger.LogError(error, "A feed subscriber of user {User} failed", e.Owner);
                        }
                }
    }

    public void Dispose()
    {
        _feed.Durable -= Enqueue;
        _durable.Writer.TryComplete();
        _dispatcher.Wait(TimeSpan.FromSeconds(5));
    }

    sealed class Subscription(LiveFeed feed, int userId, IFeedSubscriber subscriber) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                feed.Unsubscribe(userId, subscriber);
        }
    }
}
