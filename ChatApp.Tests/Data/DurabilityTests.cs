using ChatApp.Data.Engine;
using System.Net;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using LiteDB;
using LiteDB.Engine;

namespace ChatApp.Tests.Data;

public sealed class DurabilityTests
{
    [Fact]
    public async Task AnAcknowledgedMessageIsAlreadyInTheFilesWhenThe201Arrives()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");

        var response = await app.ClientFor(ada).PostJsonAsync($"/message/{bob.Id}", new { body = "on disk?" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Copy the data file and LiteDB's log as a crash would leave them, while the server still runs:
        // the message is there only if its pages were written before the reply.
        var copy = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "copy.db");
        File.Copy(app.DatabasePath, copy);
        File.Copy(LiteLogStream.PathFor(app.DatabasePath), LiteLogStream.PathFor(copy));
        using var reopened = new LiteDatabase(new ConnectionString { Filename = copy, Connection = ConnectionType.Direct });
        var stored = reopened.GetCollection<MessageDocument>("messages").FindById(1);
        Assert.Equal("on disk?", stored?.Body);
        Assert.Equal(2, reopened.GetCollection<ChatDocument>("chats").Count());
    }

    [Fact]
    public async Task WhenWritesPauseTheLogIsCopiedIntoTheDataFile()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        await app.ClientFor(ada).SendMessageAsync(bob.Id, "quiet now");

        var log = new FileInfo(LiteLogStream.PathFor(app.DatabasePath));
        for (var waited = 0; waited < 100 && Length(log) > 0; waited++)
            await Task.Delay(100);

        Assert.Equal(0, Length(log));
        var copy = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "data-only.db");
        File.Copy(app.DatabasePath, copy);
        using var reopened = new LiteDatabase(new ConnectionString { Filename = copy, Connection = ConnectionType.Direct });
        Assert.Equal("quiet now", reopened.GetCollection<MessageDocument>("messages").FindById(1)?.Body);
    }

    static long Length(FileInfo file)
    {
        file.Refresh();
        return file.Length;
    }

    [Fact]
    public void LiteDbWritesEveryPageOfACommitToTheLogStreamBeforeCommitReturns()
    {
        // ChatDatabase.FlushCommitted is one fsync and no wait: enough only while Commit itself writes the
        // transaction's pages to the log stream, on the committing thread (5.0.21). A LiteDB that hands them
        // to a background writer again (5.0.20 did) must fail here, not lose acknowledged messages.
        using var log = new RecordingStream();
        using var db = new LiteDatabase(new LiteEngine(new EngineSettings { DataStream = new MemoryStream(), LogStream = log }));
        db.CheckpointSize = 0;
        var messages = db.GetCollection("messages");

        db.BeginTrans();
        for (var i = 0; i < 200; i++)
            messages.Insert(new BsonDocument { ["body"] = new string('x', 300) });
        db.Commit();
        var written = log.Length;

        var logFileSize = db.GetCollection("$database").FindAll().Single()["logFileSize"].AsInt32;
        Assert.True(written > 8192 * 10, $"{written} bytes in the log");
        Assert.Equal(logFileSize, written);
        Assert.Equal([Environment.CurrentManagedThreadId], log.WritingThreads);
    }

    sealed class RecordingStream : MemoryStream
    {
        readonly HashSet<int> _threads = new();

        public int[] WritingThreads
        {
            get { lock (_threads) return _threads.ToArray(); }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_threads)
                _threads.Add(Environment.CurrentManagedThreadId);
            base.Write(buffer, offset, count);
        }
    }

    [Fact]
    public async Task DataSurvivesARestartAndIdsKeepIncreasing()
    {
        var path = ChatAppFactory.TempDatabasePath();
        await using (var app = new ChatAppFactory(path))
        {
            var ada = await app.CreateUserAsync("ada");
            var bob = await app.CreateUserAsync("bob");
            await app.ClientFor(ada).SendMessageAsync(bob.Id, "before restart");
        }

        await using (var restarted = new ChatAppFactory(path))
        {
            var ada = restarted.Service<UserStore>().FindByUsername("ada")!;
            var eve = await restarted.CreateUserAsync("eve");
            var sent = await restarted.ClientFor(ada).SendMessageAsync(2, "after restart");
            var history = await (await restarted.ClientFor(ada).GetAsync("/message/2")).ReadJsonAsync();

            Assert.Equal(3, eve.Id);
            Assert.Equal(2, sent.Value<int>("id"));
            Assert.Equal(new[] { "after restart", "before restart" }, history.Select(m => m.Value<string>("body")));
        }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void ASecondProcessCannotOpenADatabaseThatIsInUse()
    {
        var path = ChatAppFactory.TempDatabasePath();
        using (ChatDatabase.Open(path))
        {
            var error = Assert.Throws<DatabaseUnavailableException>(() => ChatDatabase.Open(path));
            Assert.Contains("in use by another ChatApp process", error.Message);
        }
        using (ChatDatabase.Open(path)) { }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
