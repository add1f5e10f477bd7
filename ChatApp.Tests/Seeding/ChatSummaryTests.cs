using ChatApp.Data;
using ChatApp.Seeding;
using ChatApp.Tests.Infrastructure;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Seeding;

/// <summary>The batched summary update must leave exactly what one InsertMessage per message would.</summary>
public sealed class ChatSummaryTests
{
    [Fact]
    public void SeededSummariesEqualThoseOfInsertingEachMessageOneByOne()
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
            InTransaction(db, d =>
            {
                d.InsertMessage(Message(d, 1, 2, now + 1_000, "newest"), users[1], users[2]);
                d.InsertMessage(Message(d, 3, 4, now - 90L * 86_400_000, "old"), users[3], users[4]);
                d.InsertMessage(Message(d, 5, 5, now - 1_000, "note to self"), users[5], users[5]);
            });
            // Small batches, so a conversation spans several of them.
            var progress = new Progress("messages", 1_500, new SeedConsole(TextWriter.Null, TextWriter.Null, false));
            Assert.True(MessageSeeder.Seed(db, 1_500, 9, new FakeTimeProvider(ChatAppFactory.Start), progress, batchSize: 37));
        }

        using (var source = ChatDatabase.Open(seeded.DatabasePath))
        using (var target = ChatDatabase.Open(replayed.DatabasePath))
        {
            var users = source.Users.FindAll().ToDictionary(u => u.Id);
            InTransaction(target, d =>
            {
                d.Users.InsertBulk(users.Values);
                foreach (var m in source.Messages.Query().OrderBy(m => m.Id).ToEnumerable())
                    d.InsertMessage(m, users[m.From], users[m.To]);
            });
            Assert.Equal(1_503, target.Messages.Count());
            Assert.Equal(Dump(source, "messages"), Dump(target, "messages"));
            Assert.Equal(Dump(source, "chats"), Dump(target, "chats"));
            Assert.Equal("newest", target.Chats.FindById(Keys.ChatId(2, 1)).Last.Body);
            Assert.NotEqual("old", target.Chats.FindById(Keys.ChatId(3, 4))?.Last.Body ?? "not seeded");
        }
    }

    static MessageDocument Message(ChatDatabase db, int from, int to, long at, string body) =>
        new() { Id = db.NextMessageId(), From = from, To = to, CreatedAt = at, Body = body };

    static void InTransaction(ChatDatabase db, Action<ChatDatabase> write)
    {
        db.Lite.BeginTrans();
        write(db);
        db.Lite.Commit();
    }

    static string Dump(ChatDatabase db, string collection) => string.Join("\n",
        db.Lite.GetCollection(collection).Query().OrderBy("_id").ToEnumerable().Select(d => JsonSerializer.Serialize(d)));
}
