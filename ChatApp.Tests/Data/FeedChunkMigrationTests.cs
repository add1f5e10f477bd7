using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using LiteDB;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Data;

/// <summary>Schema version 5 on a file that version 4 wrote (one document per event): see Fixtures/README.md.</summary>
public sealed class FeedChunkMigrationTests : IDisposable
{
    readonly string _directory = Path.Combine(Path.GetTempPath(), "chatapp-tests", Guid.NewGuid().ToString("N"));

    string CopyOfVersionFourFile() => DatabaseFixtures.CopyTo(_directory, "v4.db");

    static JObject FeedsBeforeTheMigration() => (JObject)TestApi.ParseWire(DatabaseFixtures.ReadText("v4-feeds.json"));

    [Fact]
    public async Task AFileWithOneDocumentPerEventServesExactlyTheFeedsItServedBefore()
    {
        var path = CopyOfVersionFourFile();
        var expected = FeedsBeforeTheMigration();

        await using var app = new ChatAppFactory(path);
        var users = app.Service<UserStore>();
        foreach (var (id, feed) in expected)
        {
            var client = app.ClientFor(users.FindById(int.Parse(id))!);
            var events = await client.SyncAsync();
            Assert.True(JToken.DeepEquals(feed, new JArray(events)), $"user {id}: {new JArray(events)}");
            // Paged from every point, the same events.
            for (var since = 0; since < events.Count; since += 7)
                Assert.True(JToken.DeepEquals(new JArray(feed!.Skip(since)), new JArray(await client.SyncAsync(since))));
        }
    }

    [Fact]
    public void TheMigrationMovesEveryEventIntoChunksLogsItAndDropsTheOldDocuments()
    {
        var path = CopyOfVersionFourFile();
        int before;
        using (var raw = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
            before = raw.GetCollection("events").Count();
        var log = new CapturedLog();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));

        using (var db = ChatDatabase.Open(path, loggers))
        {
            Assert.Equal(5, db.SchemaVersion);
            Assert.False(db.Lite.CollectionExists("events"));
            var chunks = db.Lite.GetCollection<FeedChunkDocument>("feed").FindAll().ToList();
            Assert.Equal(before, chunks.Sum(c => c.Events.Count));
            Assert.All(chunks, c => Assert.Equal(c.Id, c.Events[^1].Id));
            foreach (var feed in chunks.SelectMany(c => c.Events).GroupBy(e => e.Owner))
                Assert.Equal(Enumerable.Range(1, feed.Count()), feed.Select(e => e.Seq));
        }

        var lines = log.Lines.Where(l => l.StartsWith("ChatApp.Schema: Schema: ", StringComparison.Ordinal)).ToList();
        Assert.Equal($"ChatApp.Schema: Schema: migrating {path} to version 5 (feeds in chunks: the events one write appends to a feed are one document) ", lines[0]);
        Assert.Equal($"ChatApp.Schema: Schema: version 5: {before} events to move into chunks ", lines[1]);
        Assert.Equal($"ChatApp.Schema: Schema: version 5: {before} of {before} events ", lines[2]);
        Assert.StartsWith($"ChatApp.Schema: Schema: version 5: {before} events in ", lines[3]);
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public async Task AfterTheMigrationNewEventsFollowTheOldOnesInEveryFeed()
    {
        var path = CopyOfVersionFourFile();
        var expected = FeedsBeforeTheMigration();

        await using var app = new ChatAppFactory(path);
        var users = app.Service<UserStore>();
        var one = app.ClientFor(users.FindById(1)!);
        var two = app.ClientFor(users.FindById(2)!);
        var sent = await one.SendMessageAsync(2, "after version 5");

        foreach (var (id, client) in new[] { ("1", one), ("2", two) })
        {
            var events = await client.SyncAsync(expected[id]!.Count());
            var created = Assert.Single(events);
            Assert.Equal(expected[id]!.Count() + 1, (int)created["seq"]!);
            Assert.Equal((int)sent["id"]!, (int)created["message"]!["id"]!);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
