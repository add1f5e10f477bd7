using ChatApp.Data;
using ChatApp.Data.Engine;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using LiteDB;

namespace ChatApp.Tests.Data;

public sealed class DurableWritesTests : IDisposable
{
    readonly string _path = ChatAppFactory.TempDatabasePath();

    [Fact]
    public void AWriteThatThrowsFailsAloneAndTheRestOfItsBatchIsStored()
    {
        using var file = DatabaseFile.Open(_path);
        var notes = file.Lite.GetCollection("notes");
        var first = new Write(() => notes.Insert(new BsonDocument { ["_id"] = 1 }));
        var faulty = new Write(() =>
        {
            notes.Insert(new BsonDocument { ["_id"] = 2 });
            throw new InvalidOperationException("faulty write");
        });
        var last = new Write(() => notes.Insert(new BsonDocument { ["_id"] = 3 }));

        new DurableWrites(file, []).Commit([first, faulty, last]);

        Assert.Equal((true, null), (first.Completed, first.Error));
        Assert.Equal((true, null), (last.Completed, last.Error));
        Assert.Equal("faulty write", faulty.Error?.Message);
        Assert.False(faulty.Completed);
        Assert.Equal([1, 3], notes.FindAll().Select(d => d["_id"].AsInt32));
    }

    [Fact]
    public void LiteDbNeverCheckpointsInsideACommitAndTheLogIsCopiedOnceItReachesItsLimit()
    {
        using var file = DatabaseFile.Open(_path);
        var notes = file.Lite.GetCollection("notes");
        var durable = new DurableWrites(file, []);
        var body = new string('x', 100_000);

        // Each write logs 17 pages: below the limit nothing is copied, and LiteDB's own threshold is off.
        for (var i = 1; i <= 50; i++)
        {
            var id = i;
            durable.Run(() => notes.Insert(new BsonDocument { ["_id"] = id, ["body"] = body }));
        }
        Assert.Equal(0, file.Lite.CheckpointSize);
        Assert.InRange(file.LogPages, 500, DatabaseFile.CheckpointPages - 1);

        var written = 50;
        for (var i = 51; file.LogPages > 0; i++)
        {
            Assert.True(i < 60, $"the log still holds {file.LogPages} pages");
            var id = i;
            durable.Run(() => notes.Insert(new BsonDocument { ["_id"] = id, ["body"] = body }));
            written = id;
        }
        Assert.Equal(Enumerable.Range(1, written), notes.FindAll().Select(d => d["_id"].AsInt32));
    }

    [Fact]
    public async Task APauseBetweenWritesCopiesAShortLogWithoutWaitingForASecondOfIdleness()
    {
        using var db = ChatDatabase.Open(_path);
        var ada = db.AddUser("ada", 0);
        var bob = db.AddUser("bob", 0);
        var messages = new MessageStore(db, TimeProvider.System);
        var body = new string('x', 4_000);

        for (var i = 0; db.LogPages < DatabaseFile.QuietCheckpointPages; i++)
        {
            Assert.True(i < 2_000, $"log at {db.LogPages} pages after {i} writes");
            await messages.AddAsync(ada, bob, body);
        }
        // Without the quiet copy the log would wait for the idle one, a second after the last write; the bound
        // leaves room below that for a loaded machine (two test runs in parallel saw 680-730 ms).
        var bound = TimeSpan.FromMilliseconds(900);
        var paused = System.Diagnostics.Stopwatch.StartNew();
        while (db.LogPages > 0 && paused.Elapsed < bound)
            await Task.Delay(5);

        Assert.Equal(0, db.LogPages);
        Assert.True(paused.Elapsed < bound, $"copied after {paused.Elapsed}");
    }

    [Fact]
    public void ARollbackResetsEveryCacheSoItNeverDescribesWhatWasUndone()
    {
        using var file = DatabaseFile.Open(_path);
        var cache = new CountingCache();
        var durable = new DurableWrites(file, [cache]);

        durable.Commit([new Write(() => { })]);
        Assert.Equal(0, cache.Resets);
        durable.Commit([new Write(() => throw new InvalidOperationException("undone"))]);

        Assert.Equal(1, cache.Resets);
    }

    [Fact]
    public async Task ASummaryWrittenByARolledBackTransactionDoesNotHideAnOlderMessageAfterIt()
    {
        using var db = ChatDatabase.Open(_path);
        var ada = db.AddUser("ada", 0);
        var bob = db.AddUser("bob", 0);
        UserDocument ById(int id) => id == ada.Id ? ada : bob;
        var messages = new MessageStore(db, TimeProvider.System);

        // The summaries remember the newest message of a conversation, and this one is then rolled back.
        var undone = db.Writer.Enqueue<bool>(() =>
        {
            db.Summaries.Record([new MessageDocument { Id = 99, From = ada.Id, To = bob.Id, CreatedAt = 2_000, Body = "undone" }], ById);
            throw new InvalidOperationException("rolled back");
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => undone);
        await messages.AddManyAsync([new NewMessage(ada.Id, bob.Id, 1_000, "older, but the only one")], ById);

        Assert.Equal("older, but the only one", new ChatStore(db, TimeProvider.System).ForUser(ada.Id).Single().Last.Body);
        Assert.Equal("older, but the only one", new ChatStore(db, TimeProvider.System).ForUser(bob.Id).Single().Last.Body);
    }

    [Fact]
    public async Task AQueuedWriteThatThrowsFaultsOnlyItsOwnTask()
    {
        using var db = ChatDatabase.Open(_path);
        var users = new UserStore(db, TimeProvider.System);

        var writes = Enumerable.Range(0, 50)
            .Select(i => i == 25
                ? db.Writer.Enqueue<UserDocument?>(() => throw new InvalidOperationException("faulty"))
                : users.CreateAsync($"user{i}", "not-a-hash"))
            .ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[25]);

        var stored = await Task.WhenAll(writes.Where((_, i) => i != 25));
        Assert.All(stored, Assert.NotNull);
        Assert.Equal(49, users.All().Count());
    }

    public void Dispose()
    {
        try { Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true); }
        catch (IOException) { }
    }

    sealed class Write(Action apply) : IDurableWrite
    {
        public bool Completed { get; private set; }
        public Exception? Error { get; private set; }

        public void Apply() => apply();

        public void Complete() => Completed = Error is null ? true : throw new InvalidOperationException("completed after it failed");

        public void Fail(Exception error) => Error = Completed || Error is not null ? throw new InvalidOperationException("failed twice") : error;
    }

    sealed class CountingCache : ITransactionObserver
    {
        public int Resets { get; private set; }

        void ITransactionObserver.RolledBack() => Resets++;
    }
}
