using ChatApp.Data;
using ChatApp.Tests.Infrastructure;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace ChatApp.Tests.Data;

public sealed class SchemaVersionTests : IDisposable
{
    readonly string _directory = Path.Combine(Path.GetTempPath(), "chatapp-tests", Guid.NewGuid().ToString("N"));

    string CopyOfVersionOneFile() => DatabaseFixtures.CopyTo(_directory, "v1.db");

    [Fact]
    public void AFileFromBeforeSchemaVersionsIsMigratedOnceWithALogLine()
    {
        var path = CopyOfVersionOneFile();
        var log = new CapturedLog();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));

        using (var db = ChatDatabase.Open(path, loggers))
            Assert.Equal(5, db.SchemaVersion);
        var migrated = log.Lines.Where(l => l.StartsWith("ChatApp.Schema: ", StringComparison.Ordinal)).ToList();
        using (ChatDatabase.Open(path, loggers)) { }

        Assert.Equal([
            $"ChatApp.Schema: Schema: migrating {path} to version 1 (indexes: unique username key, history key, token expiry; drop the old conversation-order index) ",
            $"ChatApp.Schema: Schema: migrating {path} to version 2 (feeds: every stored message becomes message.created in both participants' feeds, in time order) ",
            "ChatApp.Schema: Schema: version 2: 62 events for 31 messages in 5 feeds ",
            "ChatApp.Schema: Schema: version 2: 62 of 62 events ",
        ], migrated.Take(4));
        Assert.StartsWith("ChatApp.Schema: Schema: version 2: 62 events written in ", migrated[4]);
        Assert.Equal([
            $"ChatApp.Schema: Schema: migrating {path} to version 3 (read state: each side's pointer at its own newest message, unread counts on conversation rows) ",
        ], migrated.Skip(5).Take(1));
        Assert.Matches(@"^ChatApp\.Schema: Schema: version 3: read state of \d+ conversation rows $", migrated[6]);
        Assert.Equal([
            $"ChatApp.Schema: Schema: migrating {path} to version 4 (accounts: sessions by user) ",
            $"ChatApp.Schema: Schema: migrating {path} to version 5 (feeds in chunks: the events one write appends to a feed are one document) ",
            "ChatApp.Schema: Schema: version 5: no per-event documents to move ",
        ], migrated.Skip(7));
        Assert.Equal(migrated, log.Lines.Where(l => l.StartsWith("ChatApp.Schema: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void AFileOfANewerSchemaThanThisBuildKnowsIsRefusedWithOneLine()
    {
        var path = CopyOfVersionOneFile();
        using (var lite = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
            lite.UserVersion = 99;

        var error = Assert.Throws<DatabaseUnavailableException>(() => ChatDatabase.Open(path));

        Assert.Equal($"database '{path}' is at schema version 99, newer than this ChatApp knows (5): run a newer ChatApp", error.Message);
    }

    [Fact]
    public async Task AFileFromBeforeSchemaVersionsServesTheSameUsersHistoriesAndConversations()
    {
        var path = CopyOfVersionOneFile();
        // What the old file holds, read straight from LiteDB before anything migrates it.
        List<BsonDocument> users, messages;
        File.Copy(path, Path.Combine(_directory, "raw.db"));
        using (var raw = new LiteDatabase(new ConnectionString { Filename = Path.Combine(_directory, "raw.db"), Connection = ConnectionType.Direct }))
        {
            users = raw.GetCollection("users").FindAll().ToList();
            messages = raw.GetCollection("messages").FindAll().ToList();
        }
        Assert.Equal(5, users.Count);
        Assert.Equal(31, messages.Count);

        await using var app = new ChatAppFactory(path);
        foreach (var user in users)
        {
            var id = user["_id"].AsInt32;
            var client = app.ClientFor(app.Service<ChatApp.Data.Stores.UserStore>().FindById(id)!);
            var me = await (await client.GetAsync("/user")).ReadJsonAsync();
            Assert.Equal(user["Username"].AsString, (string?)me["username"]);

            var mine = messages.Where(m => m["From"].AsInt32 == id || m["To"].AsInt32 == id).ToList();
            var partners = mine.Select(m => m["From"].AsInt32 == id ? m["To"].AsInt32 : m["From"].AsInt32).Distinct().Order();
            var chats = await (await client.GetAsync("/chats")).ReadJsonAsync();
            Assert.Equal(partners, chats.Select(c => (int)c["id"]!).Order());
            foreach (var partner in partners)
            {
                var expected = mine.Where(m => m["From"].AsInt32 == partner || m["To"].AsInt32 == partner)
                    .OrderByDescending(m => m["CreatedAt"].AsInt64).ThenByDescending(m => m["_id"].AsInt32)
                    .Select(m => (m["_id"].AsInt32, m["Body"].AsString));
                var history = await (await client.GetAsync($"/message/{partner}")).ReadJsonAsync();
                Assert.Equal(expected, history.Select(m => ((int)m["id"]!, (string)m["body"]!)));
                var chat = chats.Single(c => (int)c["id"]! == partner);
                Assert.Equal(expected.First().Item1, (int)chat["last_message"]!["id"]!);
                // Version 1 had no read state: what one sent shows one had read up to it.
                var newestFirst = mine.Where(m => m["From"].AsInt32 == partner || m["To"].AsInt32 == partner)
                    .OrderByDescending(m => m["CreatedAt"].AsInt64).ThenByDescending(m => m["_id"].AsInt32).ToList();
                var ownNewest = newestFirst.FirstOrDefault(m => m["From"].AsInt32 == id);
                var unread = partner == id ? 0 : newestFirst.TakeWhile(m => m != ownNewest).Count(m => m["From"].AsInt32 == partner);
                Assert.Equal(ownNewest?["_id"].AsInt32, (int?)chat["last_read_id"]);
                Assert.Equal(unread, (int)chat["unread_count"]!);
            }
        }
        var sentByFixtureAda = await (await app.ClientFor(app.Service<ChatApp.Data.Stores.UserStore>().FindByUsername("fixture_ada")!)
            .GetAsync("/message/1")).ReadJsonAsync();
        Assert.Equal("  kept exactly as sent  ", (string?)sentByFixtureAda[0]!["body"]);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
