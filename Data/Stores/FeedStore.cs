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
            var newest = Newest(owner);
            var events = after >= newest
                ? []
                : db.Events.Query()
                    .Where("_id BETWEEN @0 AND @1", Keys.Event(owner, after + 1), Keys.Event(owner, (int)Math.Min(newest, (long)after + limit)))
                    .ToList();
            // Events written before messages were copied into them: one lookup for the whole page.
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
            return Newest(owner);
    }

    int Newest(int owner)
    {
        var prefix = Keys.EventOwner(owner);
        return db.Events.Query()
            .Where("_id BETWEEN @0 AND @1", prefix, prefix + Keys.RangeEnd)
            .OrderByDescending("_id")
            .Limit(1)
            .FirstOrDefault()?.Seq ?? 0;
    }
}

/// <summary>A run of one feed's events, and the feed's newest seq when it was read.</summary>
public sealed record FeedPage(List<EventDocument> Events, int Newest);
