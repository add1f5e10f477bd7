namespace ChatApp.Data.Stores;

public sealed class ChatStore(ChatDatabase db, TimeProvider clock)
{
    /// <summary>Leaves the conversation out of the owner's list until a new message arrives in it; deletes nothing.</summary>
    public Task HideAsync(int owner, int other) =>
        db.Writer.Enqueue(() =>
        {
            db.Summaries.Hide(owner, other);
            return true;
        });

    /// <summary>The owner's row of the conversation with <paramref name="other"/>, or null when they have none.</summary>
    public ChatDocument? Find(int owner, int other)
    {
        using (db.ReadDurable())
            return db.Chats.FindById(Keys.ChatId(owner, other));
    }

    /// <summary>
    /// Moves the owner's read pointer to <paramref name="pointer"/> (null: before the first message) and
    /// recounts their unread messages from there: one range of the history index, from the pointer on. Appends
    /// <c>chat.read</c> to the owner's feed and, when <paramref name="tellOther"/>, to the other user's.
    /// With <paramref name="forwardOnly"/>, a pointer that is not ahead of the current one changes nothing.
    /// </summary>
    public Task<bool> MoveReadPointerAsync(int owner, int other, MessageDocument? pointer, bool forwardOnly, bool tellOther) =>
        db.Writer.Enqueue(() =>
        {
            if (db.Summaries.Find(owner, other) is not { } row)
                return false;
            if (forwardOnly && row.LastReadId is { } current
                && (pointer is null || (pointer.CreatedAt, pointer.Id).CompareTo((row.LastReadAt, current)) <= 0))
                return false;
            var conversation = Keys.Conversation(owner, other);
            var unread = db.Messages.Query()
                .Where("$.Key BETWEEN @0 AND @1", pointer?.Key ?? conversation, conversation + Keys.RangeEnd)
                .Where("$.From = @0 AND $.Deleted = false", other)
                .Select("$._id")
                .ToEnumerable()
                .Count(m => m["_id"].AsInt32 != pointer?.Id);
            db.Summaries.MoveReadPointer(owner, other, pointer, unread);
            var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
            db.Feed.Append(new EventDocument { Owner = owner, Type = EventTypes.ChatRead, At = at, With = other, ReaderId = owner, UpTo = pointer?.Id ?? 0 });
            if (tellOther && other != owner)
                db.Feed.Append(new EventDocument { Owner = other, Type = EventTypes.ChatRead, At = at, With = owner, ReaderId = owner, UpTo = pointer?.Id ?? 0 });
            return true;
        });

    /// <summary>
    /// The owner's conversations, most recent first: one range of the primary index, sorted here.
    /// Keeping the rows unordered on disk spares every message the cost of moving two index entries.
    /// </summary>
    public List<ChatDocument> ForUser(int owner, bool includeHidden = false)
    {
        List<ChatDocument> sorted;
        using (db.ReadDurable())
        {
            if (db.Lists.Get(owner) is not { } kept)
            {
                var prefix = Keys.ChatOwner(owner);
                kept = db.Chats.Query().Where("_id BETWEEN @0 AND @1", prefix, prefix + Keys.RangeEnd).ToList();
                kept.Sort((a, b) => b.Last.CreatedAt != a.Last.CreatedAt
                    ? b.Last.CreatedAt.CompareTo(a.Last.CreatedAt)
                    : b.Last.Id.CompareTo(a.Last.Id));
                db.Lists.Keep(owner, kept);
            }
            sorted = kept;
        }
        // The kept list is shared: callers get their own (the rows themselves are never changed once read).
        return includeHidden ? [.. sorted] : sorted.FindAll(c => !c.Hidden);
    }
}
