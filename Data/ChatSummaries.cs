using ChatApp.Data.Engine;
using LiteDB;

namespace ChatApp.Data;

/// <summary>
/// Keeps both participants' conversation-list rows (<see cref="ChatDocument"/>) in step with the history, in
/// the same transaction as each change: the newest message, each side's read pointer and unread count.
/// Remembers the state of the rows it has touched, to spare a read per message; forgotten on rollback,
/// since the rows it describes were too. Runs on the writer thread only.
/// </summary>
internal sealed class ChatSummaries(ILiteCollection<ChatDocument> chats, ChatLists lists) : ITransactionObserver
{
    // ~100 bytes an entry; past this many (~10 MB) it starts over, costing one read per conversation next time.
    const int MaxRemembered = 100_000;

    readonly Dictionary<string, Row> _rows = new();
    // Rows changed by the current transaction's messages, not written yet.
    readonly Dictionary<string, Staged> _staged = new();

    /// <summary>
    /// Call inside a transaction, with every message of it: newest message, pointers and unread counts follow.
    /// The rows are written once per transaction, just before it commits: a batch of sends in one conversation
    /// changes its two rows once, not once a message.
    /// </summary>
    public void Record(IReadOnlyList<MessageDocument> messages, Func<int, UserDocument> userById)
    {
        foreach (var m in messages)
        {
            // Sending a message moves the sender's pointer to it: all before it is read.
            Touch(m.From, m.To, m, userById, row =>
            {
                if (row.IsBefore(m))
                    (row.ReadId, row.ReadAt, row.Unread) = (m.Id, m.CreatedAt, 0);
            });
            if (m.To != m.From)
                Touch(m.To, m.From, m, userById, row =>
                {
                    if (row.IsBefore(m))
                        row.Unread++;
                    row.OtherReadId = Later(row.OtherReadId, m);
                });
        }
    }

    /// <summary>Writes the rows <see cref="Record"/> changed. Inside a transaction, before anything else reads or changes rows.</summary>
    public void Flush()
    {
        foreach (var (id, staged) in _staged)
            Write(id, staged);
        _staged.Clear();
    }

    /// <summary>The owner's row as this transaction leaves it so far (held rows written first). Inside a transaction.</summary>
    public ChatDocument? Find(int owner, int other)
    {
        Flush();
        return chats.FindById(Keys.ChatId(owner, other));
    }

    /// <summary>The owner read up to <paramref name="pointer"/> (or nothing: null); <paramref name="unread"/> is what is left.</summary>
    public void MoveReadPointer(int owner, int other, MessageDocument? pointer, int unread)
    {
        Update(owner, other, doc =>
        {
            (doc.LastReadId, doc.LastReadAt, doc.UnreadCount) = (pointer?.Id, pointer?.CreatedAt ?? 0, unread);
        });
        if (owner != other)
            Update(other, owner, doc => doc.OtherReadId = pointer?.Id);
    }

    public void Hide(int owner, int other) => Update(owner, other, doc => doc.Hidden = true);

    /// <summary>Drops every remembered row: after a change too wide to follow row by row (an account deletion).</summary>
    public void ForgetAll() => _rows.Clear();

    /// <summary>An edited or deleted message: rows showing it show the change; a deleted unread message is no longer counted.</summary>
    public void Changed(MessageDocument message, bool deleted)
    {
        Update(message.From, message.To, doc => ReplaceLast(doc, message));
        if (message.To != message.From)
            Update(message.To, message.From, doc =>
            {
                ReplaceLast(doc, message);
                if (deleted && IsAfterPointer(doc, message) && doc.UnreadCount > 0)
                    doc.UnreadCount--;
            });
    }

    static void ReplaceLast(ChatDocument doc, MessageDocument message)
    {
        if (doc.Last.Id == message.Id)
            doc.Last = message.Snapshot();
    }

    static bool IsAfterPointer(ChatDocument doc, MessageDocument m) =>
        doc.LastReadId is not { } read || IsNewer((m.CreatedAt, m.Id), (doc.LastReadAt, read));

    void Update(int owner, int other, Action<ChatDocument> change)
    {
        Flush();
        var id = Keys.ChatId(owner, other);
        if (chats.FindById(id) is not { } doc)
            return;
        change(doc);
        lists.Changing(owner);
        chats.Update(doc);
        Remember(id, Row.Of(doc));
    }

    void Touch(int owner, int other, MessageDocument m, Func<int, UserDocument> userById, Action<Row> change)
    {
        var id = Keys.ChatId(owner, other);
        if (!_staged.TryGetValue(id, out var staged))
            _staged[id] = staged = new Staged(Load(id), userById(owner), userById(other));
        var row = staged.Row;
        change(row);
        // Seeding writes messages out of time order; only a newer message replaces the summary.
        if (row.NewestId == 0 || IsNewer((m.CreatedAt, m.Id), (row.NewestAt, row.NewestId)))
            (row.NewestAt, row.NewestId, staged.Last) = (m.CreatedAt, m.Id, m.Snapshot());
    }

    Row Load(string id)
    {
        if (_rows.TryGetValue(id, out var row))
            return row.Copy();
        return chats.FindById(id) is { } doc ? Row.Of(doc) : new Row();
    }

    void Write(string id, Staged staged)
    {
        var (row, owner, other) = (staged.Row, staged.Owner, staged.Other);
        lists.Changing(owner.Id);
        chats.Upsert(new ChatDocument
        {
            Id = id,
            Owner = owner.Id,
            OtherId = other.Id,
            OtherUsername = other.Username,
            OtherCreatedAt = other.CreatedAt,
            // The newest message is the one just written, except when seeding writes an older one.
            Last = staged.Last ?? chats.FindById(id)!.Last,
            LastReadId = row.ReadId,
            LastReadAt = row.ReadAt,
            UnreadCount = row.Unread,
            OtherReadId = row.OtherReadId,
        });
        Remember(id, row);
    }

    void Remember(string id, Row row)
    {
        if (_rows.Count >= MaxRemembered)
            _rows.Clear();
        _rows[id] = row;
    }

    static int? Later(int? current, MessageDocument m) => current is { } id && id > m.Id ? id : m.Id;

    void ITransactionObserver.Committing() => Flush();

    void ITransactionObserver.RolledBack()
    {
        _staged.Clear();
        _rows.Clear();
    }

    void ITransactionObserver.NotDurable() => _rows.Clear();

    static bool IsNewer((long At, int Id) a, (long At, int Id) b) => a.At > b.At || (a.At == b.At && a.Id > b.Id);

    /// <summary>A row the current transaction changed, with what writing it needs.</summary>
    sealed class Staged(Row row, UserDocument owner, UserDocument other)
    {
        public Row Row { get; } = row;
        public UserDocument Owner { get; } = owner;
        public UserDocument Other { get; } = other;
        public MessageDocument? Last { get; set; }
    }

    /// <summary>What the writer needs of a row to change it without reading it.</summary>
    sealed class Row
    {
        public long NewestAt;
        public int NewestId;
        public int? ReadId;
        public long ReadAt;
        public int Unread;
        public int? OtherReadId;

        public bool IsBefore(MessageDocument m) => ReadId is not { } read || IsNewer((m.CreatedAt, m.Id), (ReadAt, read));

        public Row Copy() => (Row)MemberwiseClone();

        public static Row Of(ChatDocument doc) => new()
        {
            NewestAt = doc.Last.CreatedAt,
            NewestId = doc.Last.Id,
            ReadId = doc.LastReadId,
            ReadAt = doc.LastReadAt,
            Unread = doc.UnreadCount,
            OtherReadId = doc.OtherReadId,
        };
    }
}
