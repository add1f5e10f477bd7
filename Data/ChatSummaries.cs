using ChatApp.Data.Engine;
using LiteDB;

namespace ChatApp.Data;

/// <summary>
/// Keeps each participant's conversation-list row (<see cref="ChatDocument"/>) pointing at the newest
/// message, in the same transaction as the message. Remembers the newest message of the rows it has
/// touched, to spare a read per write; forgotten on rollback, since the rows it describes were too.
/// </summary>
internal sealed class ChatSummaries(ILiteCollection<ChatDocument> chats) : ITransactionObserver
{
    // ~120 bytes an entry; past this many (~12 MB) it starts over, costing one read per conversation next time.
    const int MaxRemembered = 100_000;

    readonly Dictionary<string, (long CreatedAt, int Id)> _newest = new();

    /// <summary>Call inside a transaction, with every message of it, so the summaries never disagree with the history.</summary>
    public void Record(IReadOnlyList<MessageDocument> messages, Func<int, UserDocument> userById)
    {
        var newest = new Dictionary<(int Owner, int Other), MessageDocument>();
        foreach (var message in messages)
        {
            KeepNewest(newest, (message.From, message.To), message);
            if (message.From != message.To)
                KeepNewest(newest, (message.To, message.From), message);
        }
        foreach (var ((owner, other), message) in newest)
            Update(userById(owner), userById(other), message);
    }

    void ITransactionObserver.RolledBack() => _newest.Clear();

    void ITransactionObserver.NotDurable() => _newest.Clear();

    static void KeepNewest(Dictionary<(int, int), MessageDocument> newest, (int, int) chat, MessageDocument message)
    {
        if (!newest.TryGetValue(chat, out var current) || IsNewer((message.CreatedAt, message.Id), current))
            newest[chat] = message;
    }

    void Update(UserDocument owner, UserDocument other, MessageDocument message)
    {
        var id = Keys.ChatId(owner.Id, other.Id);
        if (!_newest.TryGetValue(id, out var newest) && chats.FindById(id) is { } stored)
            newest = (stored.Last.CreatedAt, stored.Last.Id);
        // Seeding writes messages out of time order; only a newer message replaces the summary.
        if (IsNewer(newest, message))
            return;
        chats.Upsert(new ChatDocument
        {
            Id = id,
            Owner = owner.Id,
            OtherId = other.Id,
            OtherUsername = other.Username,
            OtherCreatedAt = other.CreatedAt,
            Last = message,
        });
        if (_newest.Count >= MaxRemembered)
            _newest.Clear();
        _newest[id] = (message.CreatedAt, message.Id);
    }

    static bool IsNewer((long CreatedAt, int Id) a, MessageDocument b) =>
        a.CreatedAt > b.CreatedAt || (a.CreatedAt == b.CreatedAt && a.Id > b.Id);
}
