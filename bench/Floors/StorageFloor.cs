using System.Collections.Concurrent;
using ChatApp.Data;
using LiteDB;
using LiteDB.Engine;

namespace ChatApp.Bench.Floors;

/// <summary>
/// The storage floor: the same durable LiteDB work ChatApp does per message (insert under the composite
/// key index, upsert both conversation summaries), with the same batching (one writer thread, up to 512
/// queued writes per transaction, one fsync of LiteDB's log per batch before any caller is answered,
/// through the same two files ChatApp uses for that), in-process.
/// </summary>
public sealed class StorageFloor : IDisposable
{
    const int MaxBatch = 512;

    readonly LiteDatabase _db;
    readonly LiteLogStream _log;
    readonly ILiteCollection<FloorMessageDocument> _messages;
    readonly ILiteCollection<FloorChatDocument> _chats;
    readonly BlockingCollection<(int From, int To, string Body, TaskCompletionSource Done)> _queue = new();
    readonly Thread _thread;
    readonly HashSet<string> _seenChats = new();
    int _lastId;

    public StorageFloor(string path)
    {
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        _log = LiteLogStream.Open(path);
        var engine = new LiteEngine(new EngineSettings { Filename = path, LogStream = _log });
        _db = new LiteDatabase(engine, mapper);
        _db.CheckpointSize = 1_000; // as ChatDatabase.CheckpointPages
        _messages = _db.GetCollection<FloorMessageDocument>("messages");
        _chats = _db.GetCollection<FloorChatDocument>("chats");
        _messages.EnsureIndex(m => m.Key, unique: true);
        _thread = new Thread(Run) { Name = "storage-floor-writer", IsBackground = true };
        _thread.Start();
    }

    public Task InsertAsync(int from, int to, string body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((from, to, body, done));
        return done.Task;
    }

    void Run()
    {
        var batch = new List<(int From, int To, string Body, TaskCompletionSource Done)>(MaxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.TryTake(out var next))
                batch.Add(next);
            try
            {
                _db.BeginTrans();
                foreach (var write in batch)
                    Insert(write.From, write.To, write.Body);
                _db.Commit();
                _log.FlushToDisk();
                foreach (var write in batch)
                    write.Done.TrySetResult();
            }
            catch (Exception e)
            {
                _db.Rollback();
                foreach (var write in batch)
                    write.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    void Insert(int from, int to, string body)
    {
        var message = new FloorMessageDocument
        {
            Id = ++_lastId,
            From = from,
            To = to,
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Body = body,
        };
        message.Key = FloorKeys.Message(from, to, message.CreatedAt, message.Id);
        _messages.Insert(message);
        UpdateChat(from, to, message);
        if (from != to)
            UpdateChat(to, from, message);
    }

    void UpdateChat(int owner, int other, FloorMessageDocument message)
    {
        var id = FloorKeys.ChatId(owner, other);
        // ChatApp reads a summary the first time it touches it, then remembers the newest message; so does the floor.
        if (_seenChats.Add(id))
            _chats.FindById(id);
        _chats.Upsert(new FloorChatDocument
        {
            Id = id,
            Owner = owner,
            OtherId = other,
            OtherUsername = $"user{other}",
            Last = message,
        });
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _db.Dispose();
        _log.Dispose();
        _queue.Dispose();
    }
}
