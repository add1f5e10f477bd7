namespace ChatApp.Data.Stores;

/// <summary>Users' feeds as readers see them: only events that are on disk.</summary>
public sealed class FeedStore(ChatDatabase db)
{
    /// <summary>Raised once per durable batch, on the writer thread, with its events in seq order per user; keep handlers short.</summary>
    public event Action<IReadOnlyList<EventDocument>> Durable
    {
        add => db.Feed.Durable += value;
        remove => db.Feed.Durable -= value;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events of the owner's feed after seq <paramref name="after"/>, ascending,
    /// each message event with its message as it is now; and the feed's newest seq, read at the same moment.
    /// </summary>
    public FeedPage Read(int owner, int after, int limit)
    {
        using (db.ReadDurable())
        {
            var newest = Feed.NewestSeq(db.FeedChunks, owner);
            var last = (int)Math.Min(newest, (long)after + limit);
            var events = new List<EventDocument>();
            if (after < newest)
                // Chunk ids are their last seq: from the chunk holding after + 1 to the newest, stopping once the page is full.
                foreach (var chunk in db.FeedChunks.Query()
                             .Where("_id BETWEEN @0 AND @1", Keys.Event(owner, after + 1), Keys.Event(owner, newest))
                             .OrderBy("_id")
                             .ToEnumerable())
                {
                    events.AddRange(chunk.Events.Where(e => e.Seq > after && e.Seq <= last));
                    if (chunk.Events[^1].Seq >= last)
                        break;
                }
            // Events that schema version 2 made from version-1 messages hold only the id: one lookup for the whole page.
            var missing = events.Where(e => e.MessageId is not null && e.Message is null)
                .Select(e => new LiteDB.BsonValue(e.MessageId!.Value)).Distinct().ToList();
            if (missing.Count > 0)
            {
                var found = db.Messages.Find(LiteDB.Query.In("_id", missing)).ToDictionary(m => m.Id);
                foreach (var e in events)
                    if (e.Message is null && e.MessageId is { } id)
                        e.Message = found.GetValueOrDefault(id);
            }
            return new FeedPage(events, newest);
        }
    }

    /// <summary>The newest seq of the owner's feed on disk (0 for an empty feed).</summary>
    public int NewestSeq(int owner)
    {
        using (db.ReadDurable())
            return Feed.NewestSeq(db.FeedChunks, owner);
    }
}

/// <summary>A run of one feed's events, and the feed's newest seq when it was read.</summary>
public sealed record FeedPage(List<EventDocument> Events, int Newest);
