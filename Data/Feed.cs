using ChatApp.Data.Engine;
using LiteDB;

namespace ChatApp.Data;

/// <summary>
/// Appends events to users' feeds inside write transactions, numbering each feed 1, 2, 3, … with no gap,
/// and announces the events of each batch, in order, once the batch is on disk.
/// </summary>
internal sealed class Feed(ILiteCollection<EventDocument> events) : ITransactionObserver
{
    // One entry per user with an event since start (~50 bytes): bounded by the number of users.
    readonly Dictionary<int, int> _lastSeq = new();
    readonly List<EventDocument> _staged = new();
    readonly List<EventDocument> _committed = new();

    /// <summary>Raised on the writer thread, in seq order per user, with every event of a batch once it is durable.</summary>
    public event Action<IReadOnlyList<EventDocument>>? Durable;

    /// <summary>Appends a message event. Call inside a write transaction.</summary>
    public EventDocument Append(int owner, string type, long at, MessageDocument message)
    {
        var e = Append(new EventDocument { Owner = owner, Type = type, At = at, MessageId = message.Id, Message = message.Snapshot() });
        (message.EventIds ??= []).Add(e.Id);
        return e;
    }

    /// <summary>Appends an event whose fields the caller has set, all but id and seq. Call inside a write transaction.</summary>
    public EventDocument Append(EventDocument e)
    {
        var owner = e.Owner;
        var seq = LastSeq(owner) + 1;
        (e.Id, e.Seq) = (Keys.Event(owner, seq), seq);
        events.Insert(e);
        _lastSeq[owner] = seq;
        _staged.Add(e);
        return e;
    }

    /// <summary>The newest seq of a feed, as the current transaction sees it (0 for an empty feed).</summary>
    public int LastSeq(int owner)
    {
        if (_lastSeq.TryGetValue(owner, out var seq))
            return seq;
        var prefix = Keys.EventOwner(owner);
        var last = events.Query()
            .Where("_id BETWEEN @0 AND @1", prefix, prefix + Keys.RangeEnd)
            .OrderByDescending("_id")
            .Limit(1)
            .FirstOrDefault();
        return _lastSeq[owner] = last?.Seq ?? 0;
    }

    void ITransactionObserver.Committed()
    {
        _committed.AddRange(_staged);
        _staged.Clear();
    }

    void ITransactionObserver.RolledBack()
    {
        _staged.Clear();
        // The counters may have moved for events that are gone: read them again from what was kept.
        _lastSeq.Clear();
    }

    void ITransactionObserver.Durable()
    {
        if (_committed.Count == 0)
            return;
        var batch = Durable is null ? null : _committed.ToArray();
        _committed.Clear();
        if (batch is not null)
            Durable?.Invoke(batch);
    }

    void ITransactionObserver.NotDurable()
    {
        _committed.Clear();
        _lastSeq.Clear();
    }
}
