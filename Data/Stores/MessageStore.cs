using ChatApp.Data.Engine;

namespace ChatApp.Data.Stores;

public sealed class MessageStore(ChatDatabase db, TimeProvider clock)
{
    /// <summary>
    /// Stores a message, moves it to the top of both participants' conversation lists and appends
    /// <c>message.created</c> to both feeds, in one durable write. With a client id the sender used before,
    /// stores nothing and returns the message that id created (checked on the writer, so two racing
    /// retries store one message).
    /// </summary>
    public async Task<StoredMessage> AddAsync(UserDocument from, UserDocument to, string body, string? clientId = null)
    {
        var stored = await db.Writer.Enqueue(() =>
        {
            if (clientId is not null && Created(from.Id, clientId) is { } original)
                return new StoredMessage(original, Replayed: true);
            var message = New(new NewMessage(from.Id, to.Id, clock.GetUtcNow().ToUnixTimeMilliseconds(), body), clientId);
            Store([message], id => id == from.Id ? from : to);
            if (clientId is not null)
                db.ClientIds.Insert(new ClientIdDocument { Id = Keys.ClientId(from.Id, clientId), MessageId = message.Id });
            return new StoredMessage(message, Replayed: false);
        });
        if (!stored.Replayed)
            DataMetrics.MessagesStored.Add(1);
        return stored;
    }

    /// <summary>
    /// Stores many messages in one durable transaction (seeding), ids in list order, leaving conversation
    /// lists and feeds as <see cref="AddAsync"/> called once per message would.
    /// </summary>
    public async Task AddManyAsync(IReadOnlyList<NewMessage> messages, Func<int, UserDocument> userById)
    {
        await db.Writer.Enqueue(() =>
        {
            Store(messages.Select(m => New(m, null)).ToList(), userById);
            return true;
        });
        DataMetrics.MessagesStored.Add(messages.Count);
    }

    /// <summary>
    /// Replaces a message's body and sets its edit time; both participants' feeds get <c>message.edited</c>.
    /// Null when the message is deleted (or gone) by the time the writer gets to it.
    /// </summary>
    public Task<MessageDocument?> EditAsync(int messageId, string body) =>
        db.Writer.Enqueue(() =>
        {
            if (db.Messages.FindById(messageId) is not { Deleted: false } message)
                return null;
            message.Body = body;
            message.EditedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
            Changed(message, EventTypes.MessageEdited, message.EditedAt.Value);
            db.Messages.Update(message);
            return message;
        });

    /// <summary>
    /// Makes a message a tombstone: its body is erased from the stored document (LiteDB overwrites the
    /// freed bytes; after the next checkpoint the text is in neither file). Both feeds get
    /// <c>message.deleted</c>; deleting a tombstone again changes nothing.
    /// </summary>
    public Task<MessageDocument?> DeleteAsync(int messageId) =>
        db.Writer.Enqueue(() =>
        {
            if (db.Messages.FindById(messageId) is not { } message || message.Deleted)
                return null;
            message.Body = "";
            message.Deleted = true;
            EraseCopies(db, [message]);
            Changed(message, EventTypes.MessageDeleted, clock.GetUtcNow().ToUnixTimeMilliseconds());
            db.Messages.Update(message);
            return message;
        });

    /// <summary>
    /// Every feed event holding a copy of a now deleted message gets the tombstone instead, except in the feed of
    /// <paramref name="exceptOwner"/> (an account being deleted, whose feed goes). Inside a write.
    /// </summary>
    internal static void EraseCopies(ChatDatabase db, IEnumerable<MessageDocument> tombstones, int? exceptOwner = null) =>
        db.Feed.Change(
            from tombstone in tombstones
            from id in tombstone.EventIds ?? []
            where exceptOwner is null || Keys.ParseEvent(id).Owner != exceptOwner
            select (id, (Action<EventDocument>)(e => e.Message = tombstone.Snapshot())));

    void Changed(MessageDocument message, string type, long at)
    {
        db.Summaries.Changed(message, deleted: message.Deleted);
        db.Feed.Append(message.From, type, at, message);
        if (message.To != message.From)
            db.Feed.Append(message.To, type, at, message);
    }

    MessageDocument New(NewMessage m, string? clientId)
    {
        var id = db.Ids.NextMessageId();
        return new MessageDocument
        {
            Id = id,
            From = m.From,
            To = m.To,
            CreatedAt = m.CreatedAt,
            Body = m.Body,
            Key = Keys.Message(m.From, m.To, m.CreatedAt, id),
            ClientId = clientId,
        };
    }

    // The events come first: each records its id on the message, which is then stored with them.
    void Store(List<MessageDocument> messages, Func<int, UserDocument> userById)
    {
        foreach (var message in messages)
        {
            db.Feed.Append(message.From, EventTypes.MessageCreated, message.CreatedAt, message);
            if (message.To != message.From)
                db.Feed.Append(message.To, EventTypes.MessageCreated, message.CreatedAt, message);
        }
        db.Messages.InsertBulk(messages);
        db.Summaries.Record(messages, userById);
    }

    MessageDocument? Created(int sender, string clientId) =>
        db.ClientIds.FindById(Keys.ClientId(sender, clientId)) is { } known ? db.Messages.FindById(known.MessageId) : null;

    /// <summary>The message a sender's client id created, if any.</summary>
    public MessageDocument? FindByClientId(int sender, string clientId)
    {
        using (db.ReadDurable())
            return Created(sender, clientId);
    }

    public MessageDocument? FindById(int id)
    {
        using (db.ReadDurable())
            return db.Messages.FindById(id);
    }

    /// <summary>Every message in id order, read lazily (tests and tools; a full scan, not for a request path).</summary>
    public IEnumerable<MessageDocument> All() => db.Messages.FindAll();

    /// <summary>How many messages are stored (tests and tools; a full count, not for a request path).</summary>
    public int Count() => db.Messages.Count();

    /// <summary>
    /// Up to <paramref name="limit"/> messages between two users older than <paramref name="before"/> (or the
    /// newest, without it), newest first (time, then id). One descending range of the composite key index:
    /// no sort, and the cost does not depend on how many other messages the store holds.
    /// </summary>
    public List<MessageDocument> Older(int a, int b, int? limit, MessageDocument? before)
    {
        var conversation = Keys.Conversation(a, b);
        using (db.ReadDurable())
        {
            var query = db.Messages.Query()
                .Where("$.Key BETWEEN @0 AND @1", conversation, before?.Key ?? conversation + Keys.RangeEnd)
                .OrderByDescending("$.Key")
                // BETWEEN includes its ends (one index range): the anchor itself comes first and is dropped.
                .Offset(before is null ? 0 : 1);
            return limit is { } n ? query.Limit(n).ToList() : query.ToList();
        }
    }

    /// <summary>Up to <paramref name="limit"/> messages newer than <paramref name="after"/>, oldest first.</summary>
    public List<MessageDocument> Newer(int a, int b, int limit, MessageDocument after)
    {
        var conversation = Keys.Conversation(a, b);
        using (db.ReadDurable())
            return db.Messages.Query()
                .Where("$.Key BETWEEN @0 AND @1", after.Key, conversation + Keys.RangeEnd)
                .OrderBy("$.Key")
                .Offset(1)
                .Limit(limit)
                .ToList();
    }

    /// <summary>The message just before <paramref name="message"/> in its conversation, or null for the first.</summary>
    public MessageDocument? Previous(MessageDocument message) =>
        Older(message.From, message.To, 1, message) is [var previous] ? previous : null;

    public static bool IsInConversation(MessageDocument message, int a, int b) =>
        Keys.Conversation(message.From, message.To) == Keys.Conversation(a, b);
}

/// <summary>A message to store; the store gives it its id.</summary>
public sealed record NewMessage(int From, int To, long CreatedAt, string Body);

/// <summary>The stored message, and whether it was stored earlier under the same client id.</summary>
public sealed record StoredMessage(MessageDocument Message, bool Replayed);
