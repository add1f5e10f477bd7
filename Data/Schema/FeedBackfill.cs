using System.Diagnostics;
using LiteDB;

namespace ChatApp.Data.Schema;

/// <summary>
/// Schema version 2: builds every user's feed from the messages already stored, in time order (then id),
/// so that <c>GET /sync?since=0</c> returns the whole history, written as version 5 stores feeds (chunks of
/// events). Re-runnable: it starts by dropping any events a cut-short run left.
/// </summary>
internal static class FeedBackfill
{
    const int EventsPerTransaction = 100_000;

    public static void Apply(MigrationContext migration)
    {
        var started = Stopwatch.GetTimestamp();
        migration.RunOutsideTransaction(lite => lite.DropCollection(Collections.Feed));
        // Only the four fields a feed needs: ~30 bytes a message in memory (30 MB for 1,000,000).
        var messages = migration.Lite.GetCollection(Collections.Messages).Query()
            .Select("{ i: $._id, f: $.From, t: $.To, c: $.CreatedAt }")
            .ToEnumerable()
            .Select(d => (Id: d["i"].AsInt32, From: d["f"].AsInt32, To: d["t"].AsInt32, At: d["c"].AsInt64))
            .ToList();
        messages.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id));

        var feeds = new SortedDictionary<int, List<(int MessageId, long At)>>();
        foreach (var m in messages)
        {
            FeedOf(feeds, m.From).Add((m.Id, m.At));
            if (m.To != m.From)
                FeedOf(feeds, m.To).Add((m.Id, m.At));
        }
        var total = feeds.Values.Sum(f => f.Count);
        migration.Log.LogInformation("Schema: version 2: {Events:N0} events for {Messages:N0} messages in {Feeds:N0} feeds",
            total, messages.Count, feeds.Count);

        // Owner by owner, seq by seq: each chunk lands at the end of the primary index.
        var batch = new List<FeedChunkDocument>();
        int written = 0, inBatch = 0;
        foreach (var (owner, feed) in feeds)
            foreach (var chunk in FeedChunkDocument.Split(feed.Select((m, i) => new EventDocument
                     {
                         Id = Keys.Event(owner, i + 1),
                         Owner = owner,
                         Seq = i + 1,
                         Type = EventTypes.MessageCreated,
                         At = m.At,
                         MessageId = m.MessageId,
                     })))
            {
                batch.Add(chunk);
                inBatch += chunk.Events.Count;
                if (inBatch >= EventsPerTransaction)
                {
                    written += Write(migration, batch, inBatch, written, total);
                    inBatch = 0;
                }
            }
        if (batch.Count > 0)
            written += Write(migration, batch, inBatch, written, total);
        migration.Log.LogInformation("Schema: version 2: {Events:N0} events written in {Seconds:0.0} s",
            written, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    static List<(int, long)> FeedOf(SortedDictionary<int, List<(int, long)>> feeds, int owner)
    {
        if (!feeds.TryGetValue(owner, out var feed))
            feeds[owner] = feed = [];
        return feed;
    }

    static int Write(MigrationContext migration, List<FeedChunkDocument> batch, int events, int before, int total)
    {
        migration.Run(lite => lite.GetCollection<FeedChunkDocument>(Collections.Feed).InsertBulk(batch));
        batch.Clear();
        migration.Log.LogInformation("Schema: version 2: {Done:N0} of {Total:N0} events", before + events, total);
        return events;
    }
}
