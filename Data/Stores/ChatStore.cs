namespace ChatApp.Data.Stores;

public sealed class ChatStore(ChatDatabase db)
{
    /// <summary>
    /// The owner's conversations, most recent first: one range of the primary index, sorted here.
    /// Keeping the rows unordered on disk spares every message the cost of moving two index entries.
    /// </summary>
    public List<ChatDocument> ForUser(int owner)
    {
        var prefix = Keys.ChatOwner(owner);
        List<ChatDocument> chats;
        using (db.ReadDurable())
            chats = db.Chats.Query()
                .Where("_id BETWEEN @0 AND @1", prefix, prefix + Keys.RangeEnd)
                .ToList();
        chats.Sort((a, b) => b.Last.CreatedAt != a.Last.CreatedAt
            ? b.Last.CreatedAt.CompareTo(a.Last.CreatedAt)
            : b.Last.Id.CompareTo(a.Last.Id));
        return chats;
    }
}
