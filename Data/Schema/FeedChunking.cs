using System.Diagnostics;
using LiteDB;

namespace ChatApp.Data.Schema;

/// <summary>
/// Schema version 5: feeds move from one document per event to one per run of events (<see cref="FeedChunkDocument"/>),
/// the events themselves unchanged. Re-runnable: the old collection is dropped only once every chunk is on disk,
/// and while it is there a run starts over.
/// </summary>
internal static class FeedChunking
{
    const int EventsPerTransaction = 100_000;

    public static void Apply(MigrationContext migration)
    {
        if (!migration.Lite.CollectionExists(Collections.Events))
        {
            migration.Log.LogInformation("Schema: version 5: no per-event documents to move");
            return;
        }
        var started = Stopwatch.GetTimestamp();
        migration.RunOutsideTransaction(lite => lite.DropCollection(Collections.Feed));
        var events = migration.Lite.GetCollection<EventDocument>(Collections.Events);
        var chunks = migration.Lite.GetCollection<FeedChunkDocument>(Collections.Feed);
        var total = events.Count();
        migration.Log.LogInformation("Schema: version 5: {Events:N0} events to move into chunks", total);

        var moved = 0;
        var from = "";
        while (true)
        {
            // In id order (owner, then seq), a page at a time: each page is read whole before its chunks are written.
            var page = events.Query().Where("_id > @0", from).OrderBy("_id").Limit(EventsPerTransaction).ToList();
            if (page.Count == 0)
                break;
            var pageChunks = page.GroupBy(e => e.Owner).SelectMany(FeedChunkDocument.Split).ToList();
            migration.Run(_ => chunks.InsertBulk(pageChunks));
            moved += page.Count;
            from = page[^1].Id;
            migration.Log.LogInformation("Schema: version 5: {Done:N0} of {Total:N0} events", moved, total);
        }
        migration.RunOutsideTransaction(lite => lite.DropCollection(Collections.Events));
        migration.Log.LogInformation("Schema: version 5: {Events:N0} events in {Chunks:N0} chunks in {Seconds:0.0} s",
            moved, chunks.Count(), Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
