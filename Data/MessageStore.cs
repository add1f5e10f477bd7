using LiteDB;

namespace ChatApp.Data;

public sealed class MessageStore(ChatDatabase db, DatabaseWriter writer, TimeProvider clock)
{
    public Task<MessageDocument> AddAsync(UserDocument from, UserDocument to, string body) =>
        writer.Enqueue(d =>
        {
            var message = new MessageDocument
            {
                Id = d.NextMessageId(),
                From = from.Id,
                To = to.Id,
                CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                Body = body,
            };
            d.InsertMessage(message, from, to);
            return message;
        });

    public MessageDocument? FindById(int id) => db.Messages.FindById(id);

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
