using LiteDB;
using LiteDB.Engine;

namespace ChatApp.Data;

/// <summary>The one LiteDB file: its mapper, collections and indexes, and the id sequences.</summary>
public sealed class ChatDatabase : IDisposable
{
    readonly DatabaseLock _lock;
    readonly LiteLogStream _log;
    int _lastUserId;
    int _lastMessageId;
    // Newest message (time, id) of each summary this process has read or written: spares a lookup per summary write.
    readonly Dictionary<string, (long CreatedAt, int Id)> _newestInChat = new();

    public const int CheckpointPages = 1_000;

    public string Path { get; }
    public LiteDatabase Lite { get; }
    public ILiteCollection<UserDocument> Users { get; }
    public ILiteCollection<MessageDocument> Messages { get; }
    public ILiteCollection<ChatDocument> Chats { get; }
    public ILiteCollection<RevokedTokenDocument> RevokedTokens { get; }

    ChatDatabase(string path, DatabaseLock fileLock, LiteLogStream log)
    {
        Path = path;
        _lock = fileLock;
        _log = log;
        // The global mapper trims strings and turns "" into null; message bodies are stored exactly as sent.
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        var engine = new LiteEngine(new EngineSettings { Filename = path, LogStream = log });
        Lite = new LiteDatabase(engine, mapper);
        // LiteDB copies its log into the data file at this size (its default, pinned here). Each copy stalls
        // writes for its length: 10,000 pages gave ~8% more messages/s but 60-70 ms stalls (send c=64 and
        // realtime p99 both ~70 ms), 1,000 pages keeps them near 10 ms. DatabaseWriter also checkpoints
        // whenever writes pause, so the log stays short on a quiet server.
        Lite.CheckpointSize = CheckpointPages;
        Users = Lite.GetCollection<UserDocument>("users");
        Messages = Lite.GetCollection<MessageDocument>("messages");
        Chats = Lite.GetCollection<ChatDocument>("chats");
        RevokedTokens = Lite.GetCollection<RevokedTokenDocument>("revoked_tokens");

        Users.EnsureIndex(u => u.Key, unique: true);
        Messages.EnsureIndex(m => m.Key, unique: true);
        // Files from before 2026-11-25 kept the conversation list under its own index; every message paid to move it.
        Chats.DropIndex("Key");
        RevokedTokens.EnsureIndex(t => t.ExpiresAt);

        _lastUserId = LastId(Lite.GetCollection("users"));
        _lastMessageId = LastId(Lite.GetCollection("messages"));
    }

    public static ChatDatabase Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var fileLock = DatabaseLock.Acquire(full);
        LiteLogStream? log = null;
        try
        {
            log = LiteLogStream.Open(full);
            return new ChatDatabase(full, fileLock, log);
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            log?.Dispose();
            fileLock.Dispose();
            throw new DatabaseUnavailableException($"cannot open database '{full}': {e.Message}");
        }
        catch (Exception)
        {
            // LiteDB reads a file that is not one of its own as garbage and fails in odd places.
            log?.Dispose();
            fileLock.Dispose();
            throw new DatabaseUnavailableException($"cannot open database '{full}': it is not a LiteDB file, or it is damaged");
        }
    }

    /// <summary>
    /// Returns once every committed transaction is on disk. LiteDB 5.0.21 writes a transaction's pages to
    /// the log stream before Commit returns but never fsyncs it; this is that one fsync. Call after the commit.
    /// </summary>
    public void FlushCommitted() => _log.FlushToDisk();

    /// <summary>Bytes in LiteDB's log not yet copied into the data file.</summary>
    public long LogLength => _log.Length;

    public int NextUserId() => Interlocked.Increment(ref _lastUserId);

    public int NextMessageId() => Interlocked.Increment(ref _lastMessageId);

    /// <summary>
    /// Stores a message and moves it to the top of both participants' conversation lists.
    /// Call inside a transaction so the summaries never disagree with the history.
    /// </summary>
    public void InsertMessage(MessageDocument message, UserDocument from, UserDocument to) =>
        InsertMessageBatch([message], id => id == from.Id ? from : to);

    /// <summary>
    /// Stores many messages (bulk seeding) and leaves the summaries as <see cref="InsertMessage"/> called
    /// once per message would, looking up and writing each summary once per batch. Call inside a transaction.
    /// </summary>
    public void InsertMessageBatch(IReadOnlyList<MessageDocument> messages, Func<int, UserDocument> userById)
    {
        var newest = new Dictionary<(int Owner, int Other), MessageDocument>();
        foreach (var message in messages)
        {
            message.Key = Keys.Message(message.From, message.To, message.CreatedAt, message.Id);
            KeepNewest(newest, (message.From, message.To), message);
            if (message.From != message.To)
                KeepNewest(newest, (message.To, message.From), message);
        }
        Messages.InsertBulk(messages);
        foreach (var ((owner, other), message) in newest)
            UpdateChat(userById(owner), userById(other), message);
    }

    static void KeepNewest(Dictionary<(int, int), MessageDocument> newest, (int, int) chat, MessageDocument message)
    {
        if (!newest.TryGetValue(chat, out var current) || IsNewer(message, current))
            newest[chat] = message;
    }

    void UpdateChat(UserDocument owner, UserDocument other, MessageDocument message)
    {
        var id = Keys.ChatId(owner.Id, other.Id);
        if (!_newestInChat.TryGetValue(id, out var newest) && Chats.FindById(id) is { } stored)
            newest = (stored.Last.CreatedAt, stored.Last.Id);
        // Seeding writes messages out of time order; only a newer message replaces the summary.
        if (IsNewer(newest, message))
            return;
        Chats.Upsert(new ChatDocument
        {
            Id = id,
            Owner = owner.Id,
            OtherId = other.Id,
            OtherUsername = other.Username,
            OtherCreatedAt = other.CreatedAt,
            Last = message,
        });
        _newestInChat[id] = (message.CreatedAt, message.Id);
    }

    /// <summary>Rolls back the open transaction and forgets what it did to the conversation summaries.</summary>
    public void Rollback()
    {
        Lite.Rollback();
        _newestInChat.Clear();
    }

    static bool IsNewer(MessageDocument a, MessageDocument b) => IsNewer((a.CreatedAt, a.Id), b);

    static bool IsNewer((long CreatedAt, int Id) a, MessageDocument b) =>
        a.CreatedAt > b.CreatedAt || (a.CreatedAt == b.CreatedAt && a.Id > b.Id);

    static int LastId(ILiteCollection<BsonDocument> collection)
    {
        var last = collection.Query().OrderByDescending("_id").Limit(1).FirstOrDefault();
        return last is null ? 0 : last["_id"].AsInt32;
    }

    public void Dispose()
    {
        Lite.Dispose();
        _log.Dispose();
        _lock.Dispose();
    }
}
