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

    /// <summary>Call inside a transaction, with every message of it: newest message, pointers and unread counts follow.</summary>
    public void Record(IReadOnlyList<MessageDocument> messages, Func<int, UserDocument> userById)
    {
        var touched = new Dictionary<string, (Row Row, MessageDocument? Last, int Owner, int Other)>();
        foreach (var m in messages)
        {
            // Sending a message moves the sender's pointer to it: all before it is read.
            Touch(touched, m.From, m.To, m, row =>
            {
                if (row.IsBefore(m))
                    (row.ReadId, row.ReadAt, row.Unread) = (m.Id, m.CreatedAt, 0);
            });
            if (m.To != m.From)
                Touch(touched, m.To, m.From, m, row =>
                {
                    if (row.IsBefore(m))
                        row.Unread++;
                    row.OtherReadId = Later(row.OtherReadId, m);
                });
        }
        foreach (var (id, (row, last, owner, other)) in touched)
            Write(id, row, last, userById(owner), userById(other));
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
        var id = Keys.ChatId(owner, other);
        if (chats.FindById(id) is not { } doc)
            return;
        change(doc);
        lists.Changing(owner);
        chats.Update(doc);
        Remember(id, Row.Of(doc));
    }

    void Touch(Dictionary<string, (Row, MessageDocument?, int, int)> touched, int owner, int other, MessageDocument m, Action<Row> change)
    {
        var id = Keys.ChatId(owner, other);
        if (!touched.TryGetValue(id, out var entry))
            entry = (Load(id), null, owner, other);
        var (row, last, _, _) = entry;
        change(row);
        // Seeding writes messages out of time order; only a newer message replaces the summary.
        if (row.NewestId == 0 || IsNewer((m.CreatedAt, m.Id), (row.NewestAt, row.NewestId)))
            (row.NewestAt, row.NewestId, last) = (m.CreatedAt, m.Id, m.Snapshot());
        touched[id] = (row, last, owner, other);
    }

    Row Load(string id)
    {
        if (_rows.TryGetValue(id, out var row))
            return row.Copy();
        return chats.FindById(id) is { } doc ? Row.Of(doc) : new Row();
    }

    void Write(string id, Row row, MessageDocument? last, UserDocument owner, UserDocument other)
    {
        lists.Changing(owner.Id);
        chats.Upsert(new ChatDocument
        {
            Id = id,
            Owner = owner.Id,
            OtherId = other.Id,
            OtherUsername = other.Username,
            OtherCreatedAt = other.CreatedAt,
            // The newest message is the one just written, except when seeding writes an older one.
            Last = last ?? chats.FindById(id)!.Last,
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

    void ITransactionObserver.RolledBack() => _rows.Clear();

    void ITransactionObserver.NotDurable() => _rows.Clear();

    static bool IsNewer((long At, int Id) a, (long At, int Id) b) => a.At > b.At || (a.At == b.At && a.Id > b.Id);

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
