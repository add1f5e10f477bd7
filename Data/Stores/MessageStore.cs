namespace ChatApp.Data.Stores;

public sealed class MessageStore(ChatDatabase db, TimeProvider clock)
{
    /// <summary>Stores a message and moves it to the top of both participants' conversation lists.</summary>
    public Task<MessageDocument> AddAsync(UserDocument from, UserDocument to, string body) =>
        db.Writer.Enqueue(() =>
        {
            var message = Insert([new NewMessage(from.Id, to.Id, clock.GetUtcNow().ToUnixTimeMilliseconds(), body)])[0];
            db.Summaries.Record([message], id => id == from.Id ? from : to);
            return message;
        });

    /// <summary>
    /// Stores many messages in one durable transaction (seeding), ids in list order, and leaves the
    /// conversation lists as <see cref="AddAsync"/> called once per message would.
    /// </summary>
    public Task AddManyAsync(IReadOnlyList<NewMessage> messages, Func<int, UserDocument> userById) =>
        db.Writer.Enqueue(() =>
        {
            db.Summaries.Record(Insert(messages), userById);
            return true;
        });

    List<MessageDocument> Insert(IReadOnlyList<NewMessage> messages)
    {
        var documents = new List<MessageDocument>(messages.Count);
        foreach (var m in messages)
        {
            var id = db.Ids.NextMessageId();
            documents.Add(new MessageDocument
            {
                Id = id,
                From = m.From,
                To = m.To,
                CreatedAt = m.CreatedAt,
                Body = m.Body,
                Key = Keys.Message(m.From, m.To, m.CreatedAt, id),
            });
        }
        db.Messages.InsertBulk(documents);
        return documents;
    }

    public MessageDocument? FindById(int id) => db.Messages.FindById(id);

    /// <summary>How many messages are stored (tests and tools; a full count, not for a request path).</summary>
    public int Count() => db.Messages.Count();

    /// <summary>
    /// Messages between two users, newest first (time, then id), optionally only those older than
    /// <paramref name="before"/>. One descending range of the composite key index: no sort, and the
    /// cost does not depend on how many other messages the store holds.
    /// </summary>
    public List<MessageDocument> Conversation(int a, int b, int? limit, MessageDocument? before)
    {
        var conversation = Keys.Conversation(a, b);
        var upper = before?.Key ?? conversation + Keys.RangeEnd;
        var query = db.Messages.Query()
            .Where("$.Key BETWEEN @0 AND @1", conversation, upper)
            .OrderByDescending("$.Key");
        // BETWEEN includes its upper end: the "before" message itself comes first and is dropped.
        var skip = before is null ? 0 : 1;
        return limit is { } n ? query.Offset(skip).Limit(n).ToList() : query.Offset(skip).ToList();
    }

    public static bool IsInConversation(MessageDocument message, int a, int b) =>
        Keys.Conversation(message.From, message.To) == Keys.Conversation(a, b);
}

/// <summary>A message to store; the store gives it its id.</summary>
public sealed record NewMessage(int From, int To, long CreatedAt, string Body);
