using ChatApp.Data.Engine;
using LiteDB;

namespace ChatApp.Data;

/// <summary>
/// Appends events to users' feeds inside write transactions, numbering each feed 1, 2, 3, … with no gap,
/// and announces the events of each batch, in order, once the batch is on disk. The events a transaction
/// appends to one feed are written together, as one <see cref="FeedChunkDocument"/>, just before it commits.
/// </summary>
internal sealed class Feed(ILiteCollection<FeedChunkDocument> chunks) : ITransactionObserver
{
    // One entry per user with an event since start (~50 bytes): bounded by the number of users.
    readonly Dictionary<int, int> _lastSeq = new();
    // Appended in the current transaction and not written yet, by owner, in seq order.
    readonly Dictionary<int, List<EventDocument>> _pending = new();
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
        if (!_pending.TryGetValue(owner, out var run))
            _pending[owner] = run = [];
        run.Add(e);
        _lastSeq[owner] = seq;
        _staged.Add(e);
        return e;
    }

    /// <summary>Writes the events appended so far in this transaction: for each feed, one chunk (or more, past the size limit).</summary>
    public void Flush()
    {
        foreach (var run in _pending.Values)
            chunks.Insert(FeedChunkDocument.Split(run));
        _pending.Clear();
    }

    /// <summary>
    /// Changes events, written or not yet (the message copies that deletes erase): each stored chunk is read and
    /// rewritten once however many of its events change. Call inside a write transaction.
    /// </summary>
    public void Change(IEnumerable<(string EventId, Action<EventDocument> Change)> changes)
    {
        // Every event of the chunks read so far, by owner and seq: an account deletion changes thousands of
        // events in the same few feeds, and a search of the loaded chunks per event would grow with their square.
        var loaded = new List<FeedChunkDocument>();
        var held = new Dictionary<(int Owner, int Seq), EventDocument>();
        foreach (var (eventId, change) in changes)
        {
            var (owner, seq) = Keys.ParseEvent(eventId);
            if (_pending.TryGetValue(owner, out var run) && run.Find(e => e.Seq == seq) is { } pending)
            {
                change(pending);
                continue;
            }
            if (!held.ContainsKey((owner, seq)) && ChunkHolding(chunks, owner, seq) is { } stored)
            {
                loaded.Add(stored);
                foreach (var e in stored.Events)
                    held[(owner, e.Seq)] = e;
            }
            if (held.GetValueOrDefault((owner, seq)) is { } found)
                change(found);
        }
        foreach (var chunk in loaded)
            chunks.Update(chunk);
    }

    /// <summary>The newest seq of a feed, as the current transaction sees it (0 for an empty feed).</summary>
    public int LastSeq(int owner) =>
        _lastSeq.TryGetValue(owner, out var seq) ? seq : _lastSeq[owner] = NewestSeq(chunks, owner);

    /// <summary>The seq of the newest stored event of a feed (0 for an empty feed): one index seek, the id says it.</summary>
    public static int NewestSeq(ILiteCollection<FeedChunkDocument> chunks, int owner)
    {
        var prefix = Keys.EventOwner(owner);
        var last = chunks.Query()
            .Where("_id BETWEEN @0 AND @1", prefix, prefix + Keys.RangeEnd)
            .OrderByDescending("_id")
            .Select(c => c.Id)
            .Limit(1)
            .FirstOrDefault();
        return last is null ? 0 : Keys.ParseEvent(last).Seq;
    }

    /// <summary>The stored chunk holding seq <paramref name="seq"/> of a feed, or null.</summary>
    public static FeedChunkDocument? ChunkHolding(ILiteCollection<FeedChunkDocument> chunks, int owner, int seq) =>
        chunks.Query()
            .Where("_id BETWEEN @0 AND @1", Keys.Event(owner, seq), Keys.EventOwner(owner) + Keys.RangeEnd)
            .OrderBy("_id")
            .Limit(1)
            .FirstOrDefault();

    void ITransactionObserver.Committing() => Flush();

    void ITransactionObserver.Committed()
    {
        _committed.AddRange(_staged);
        _staged.Clear();
    }

    void ITransactionObserver.RolledBack()
    {
        _staged.Clear();
        _pending.Clear();
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
