using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Seeding;
using ChatApp.Tests.Infrastructure;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Data;

/// <summary>The batched summary update must leave exactly what one store write per message would.</summary>
public sealed class ChatSummaryTests
{
    [Fact]
    public async Task SeededSummariesEqualThoseOfInsertingEachMessageOneByOne()
    {
        using var seeded = new SeedRun();
        using var replayed = new SeedRun();
        seeded.Run("users", "--count", "9", "--seed", "8");
        var now = ChatAppFactory.Start.ToUnixTimeMilliseconds();
        using (var db = ChatDatabase.Open(seeded.DatabasePath))
        {
            // Messages already there: one newer than anything seeding writes (its summary must stay),
            // one older (its summary must be replaced), one to oneself.
            var users = db.Users.FindAll().ToDictionary(u => u.Id);
            var store = new MessageStore(db, TimeProvider.System);
            await AddOneAsync(store, users, new NewMessage(1, 2, now + 1_000, "newest"));
            await AddOneAsync(store, users, new NewMessage(3, 4, now - 90L * 86_400_000, "old"));
            await AddOneAsync(store, users, new NewMessage(5, 5, now - 1_000, "note to self"));
            // Small batches, so a conversation spans several of them.
            var progress = new Progress("messages", 1_500, new SeedConsole(TextWriter.Null, TextWriter.Null, false));
            Assert.True(MessageSeeder.Seed(db, 1_500, 9, new FakeTimeProvider(ChatAppFactory.Start), progress, batchSize: 37));
        }

        using (var source = ChatDatabase.Open(seeded.DatabasePath))
        using (var target = ChatDatabase.Open(replayed.DatabasePath))
        {
            var users = source.Users.FindAll().ToDictionary(u => u.Id);
            target.Users.InsertBulk(users.Values);
            var store = new MessageStore(target, TimeProvider.System);
            // One write per message, as the server stores them; the writer still groups them into batches.
            await Task.WhenAll(source.Messages.Query().OrderBy(m => m.Id).ToEnumerable()
                .Select(m => AddOneAsync(store, users, new NewMessage(m.From, m.To, m.CreatedAt, m.Body))).ToList());
            Assert.Equal(1_503, target.Messages.Count());
            Assert.Equal(Dump(source, "messages"), Dump(target, "messages"));
            Assert.Equal(Dump(source, "chats"), Dump(target, "chats"));
            Assert.Equal("newest", target.Chats.FindById(Keys.ChatId(2, 1)).Last.Body);
            Assert.NotEqual("old", target.Chats.FindById(Keys.ChatId(3, 4))?.Last.Body ?? "not seeded");
        }
    }

    [Fact]
    public async Task ReadsEditsDeletesAndHidesBatchedBetweenSendsLeaveTheRowsAndFeedsOfOneWriteAtATime()
    {
        var alone = ChatAppFactory.TempDatabasePath();
        var batched = ChatAppFactory.TempDatabasePath();
        try
        {
            using var one = ChatDatabase.Open(alone);
            using var all = ChatDatabase.Open(batched);
            foreach (var write in Conversation(one))
                await write();

            // Every write waits behind one held write, so the writer takes them all in one transaction.
            var held = new ManualResetEventSlim();
            var holding = new TaskCompletionSource();
            var hold = all.Writer.Enqueue(() => { holding.SetResult(); held.Wait(); return true; });
            await holding.Task;
            var queued = Conversation(all).Select(write => write()).ToList();
            held.Set();
            await hold;
            await Task.WhenAll(queued);

            Assert.Equal(Dump(one, "chats"), Dump(all, "chats"));
            Assert.Equal(Feeds(one), Feeds(all));
            // One chunk per feed for the whole batch, against one per write.
            Assert.Equal(2, all.FeedChunks.Count());
            Assert.True(one.FeedChunks.Count() > 10);
            var bobsRow = all.Chats.FindById(Keys.ChatId(2, 1));
            Assert.Equal((7, "seven", 2), (bobsRow.Last.Id, bobsRow.Last.Body, bobsRow.UnreadCount));
            Assert.Equal("bob edited", all.Messages.FindById(4).Body);
        }
        finally
        {
            foreach (var path in new[] { alone, batched })
                Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    /// <summary>Sends in one conversation with a read, an edit, a deletion and a hide among them, each its own write.</summary>
    static List<Func<Task>> Conversation(ChatDatabase db)
    {
        var clock = new FakeTimeProvider(ChatAppFactory.Start);
        var (ada, bob) = (Insert(db, 1, "ada"), Insert(db, 2, "bob"));
        var messages = new MessageStore(db, clock);
        var chats = new ChatStore(db, clock);
        var at = ChatAppFactory.Start.ToUnixTimeMilliseconds();
        // Bob reads up to message 2 while messages 3 and later are still on their way.
        var pointer = new MessageDocument { Id = 2, From = 1, To = 2, CreatedAt = at, Key = Keys.Message(1, 2, at, 2) };
        return
        [
            () => messages.AddAsync(ada, bob, "one"),
            () => messages.AddAsync(ada, bob, "two"),
            () => chats.MoveReadPointerAsync(2, 1, pointer, forwardOnly: true, tellOther: true),
            () => messages.AddAsync(ada, bob, "three"),
            () => messages.AddAsync(bob, ada, "bob"),
            () => messages.EditAsync(4, "bob edited"),
            () => messages.AddAsync(ada, bob, "five"),
            () => messages.AddAsync(ada, bob, "six"),
            () => messages.DeleteAsync(6),
            () => chats.HideAsync(1, 2),
            () => messages.AddAsync(ada, bob, "seven"),
        ];
    }

    static UserDocument Insert(ChatDatabase db, int id, string name)
    {
        if (db.Users.FindById(id) is { } known)
            return known;
        var user = new UserDocument { Id = id, Username = name, Key = name, CreatedAt = ChatAppFactory.Start.ToUnixTimeMilliseconds() };
        db.Users.Insert(user);
        return user;
    }

    static Task AddOneAsync(MessageStore store, Dictionary<int, UserDocument> users, NewMessage message) =>
        store.AddManyAsync([message], id => users[id]);

    /// <summary>Both users' feeds as readers get them: every event, in seq order.</summary>
    static string Feeds(ChatDatabase db) => string.Join("\n",
        new[] { 1, 2 }.SelectMany(owner => new FeedStore(db).Read(owner, 0, 1000).Events)
            .Select(e => JsonSerializer.Serialize(BsonMapper.Global.ToDocument(e))));

    static string Dump(ChatDatabase db, string collection) => string.Join("\n",
        db.Lite.GetCollection(collection).Query().OrderBy("_id").ToEnumerable().Select(d => JsonSerializer.Serialize(d)));
}
