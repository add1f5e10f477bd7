using ChatApp.Data;
using ChatApp.Data.Engine;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Data;

/// <summary>
/// Reads show only durable state: between a write's commit (LiteDB shows it at once) and its fsync (until
/// which a crash takes it back and its id is handed out again), no store read may return it.
/// </summary>
public sealed class DurableReadTests : IDisposable
{
    static readonly TimeSpan StillBlocked = TimeSpan.FromMilliseconds(300);
    readonly string _path = ChatAppFactory.TempDatabasePath();

    [Fact]
    public async Task AReaderDoesNotSeeACommittedMessageOrItsEventsUntilTheWriteIsOnDisk()
    {
        var gate = new CommitGate();
        using var db = ChatDatabase.Open(_path, null, [gate]);
        var ada = db.AddUser("ada", 0);
        var bob = db.AddUser("bob", 0);
        var messages = new MessageStore(db, TimeProvider.System);
        var feed = new FeedStore(db);

        gate.Arm();
        var send = messages.AddAsync(ada, bob, "not on disk yet");
        Assert.True(gate.Reached.Wait(HubTestClient.Patience), "the write never reached its commit");
        // The writer is now between LiteDB's commit and the fsync. LiteDB itself already shows the message:
        var engine = await Task.Run(() => db.Messages.FindById(1)).WaitAsync(HubTestClient.Patience);
        var byId = Task.Run(() => messages.FindById(1));
        var page = Task.Run(() => feed.Read(bob.Id, 0, 10));
        var newest = Task.Run(() => feed.NewestSeq(ada.Id));
        var history = Task.Run(() => messages.Older(ada.Id, bob.Id, null, null));
        var reads = new Task[] { byId, page, newest, history };
        await Task.WhenAny(Task.WhenAll(reads), Task.Delay(StillBlocked));
        var doneBeforeDisk = reads.Count(r => r.IsCompleted);
        var sendDoneBeforeDisk = send.IsCompleted;
        gate.Release();
        var stored = await send.WaitAsync(HubTestClient.Patience);
        await Task.WhenAll(reads).WaitAsync(HubTestClient.Patience);

        Assert.Equal("not on disk yet", engine?.Body);
        Assert.Equal((0, false), (doneBeforeDisk, sendDoneBeforeDisk));
        Assert.Equal(stored.Message.Id, (await byId)?.Id);
        var events = await page;
        Assert.Equal("not on disk yet", Assert.Single(events.Events).Message?.Body);
        Assert.Equal((1, 1), (events.Newest, await newest));
        Assert.Equal("not on disk yet", Assert.Single(await history).Body);
    }

    /// <summary>Holds the writer right after LiteDB's commit, before the fsync, while readers are shut out.</summary>
    sealed class CommitGate : ITransactionObserver
    {
        readonly ManualResetEventSlim _release = new();
        volatile bool _armed;

        public ManualResetEventSlim Reached { get; } = new();

        public void Arm() => _armed = true;

        public void Release()
        {
            _armed = false;
            _release.Set();
        }

        void ITransactionObserver.Committed()
        {
            if (!_armed)
                return;
            Reached.Set();
            _release.Wait(HubTestClient.Patience);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true); }
        catch (IOException) { }
    }
}
