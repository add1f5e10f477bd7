using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Data;

public sealed class FeedChunkTests : IDisposable
{
    readonly string _path = ChatAppFactory.TempDatabasePath();

    [Fact]
    public async Task AWriteOfHundredsOfTheLargestMessagesToOneUserIsStoredAndReadBackWhole()
    {
        using var db = ChatDatabase.Open(_path);
        var ada = db.AddUser("ada", 0);
        var bob = db.AddUser("bob", 0);
        var messages = new MessageStore(db, TimeProvider.System);
        // 4,000 characters of four UTF-8 bytes each, the most a body can be: 16 KB, and a copy in each event.
        var body = string.Concat(Enumerable.Repeat("😀", 4_000));
        var sent = Enumerable.Range(0, 300).Select(i => new NewMessage(ada.Id, bob.Id, 1_000 + i, body)).ToList();

        await messages.AddManyAsync(sent, id => id == ada.Id ? ada : bob);

        var feed = new FeedStore(db);
        foreach (var owner in new[] { ada.Id, bob.Id })
        {
            var events = feed.Read(owner, 0, 1000).Events;
            Assert.Equal(Enumerable.Range(1, 300), events.Select(e => e.Seq));
            Assert.All(events, e => Assert.Equal(body, e.Message!.Body));
        }
        // Three chunks a feed (128, 128, 44 events): about 2 MB each, within LiteDB's document limit.
        Assert.Equal([128, 128, 44, 128, 128, 44], db.FeedChunks.FindAll().Select(c => c.Events.Count));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
}
