namespace ChatApp.Data;

public sealed class ChatStore(ChatDatabase db)
{
    /// <summary>The owner's conversations, most recent first: one descending range of the summary index.</summary>
    public List<ChatDocument> ForUser(int owner)
    {
        var prefix = Keys.ChatOwner(owner);
        return db.Chats.Query()
            .Where("$.Key BETWEEN @0 AND @1", prefix, prefix + Keys.RangeEnd)
            .OrderByDescending("$.Key")
            .ToList();
    }
}
