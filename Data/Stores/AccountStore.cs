using LiteDB;

namespace ChatApp.Data.Stores;

/// <summary>What only concerns whole accounts: deleting one, and reading everything of one for its export.</summary>
public sealed class AccountStore(ChatDatabase db, UserStore users, BlockStore blocks, TimeProvider clock)
{
    public const string DeletedUsername = "[deleted]";

    /// <summary>
    /// Deletes an account in one durable write: every message it wrote becomes a tombstone (text erased),
    /// its partners' rows show "[deleted]" and get <c>user.deleted</c> in their feeds; its own rows, feed,
    /// sessions, blocks, settings and idempotency keys go. The user document stays, emptied, so the id is
    /// never handed out again; its username key changes, so the name is free. Null when there was no such account.
    /// </summary>
    public async Task<AccountDeletion?> DeleteAsync(int userId)
    {
        var deletion = await db.Writer.Enqueue(() => Delete(userId));
        users.Forget(userId);
        blocks.ForgetUser(userId);
        return deletion;
    }

    AccountDeletion? Delete(int userId)
    {
        if (db.Users.FindById(userId) is not { Deleted: false } user)
            return null;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Rows held back by sends earlier in this transaction, written before the rows are read and deleted.
        db.Summaries.Flush();
        var own = Keys.ChatOwner(userId);
        var rows = db.Chats.Query().Where("_id BETWEEN @0 AND @1", own, own + Keys.RangeEnd).ToList();
        var partners = rows.Select(r => r.OtherId).Where(id => id != userId).ToList();
        foreach (var row in rows)
            EraseMessagesIn(Keys.Conversation(userId, row.OtherId), userId);
        foreach (var partner in partners)
            if (db.Chats.FindById(Keys.ChatId(partner, userId)) is { } theirs)
            {
                theirs.OtherUsername = DeletedUsername;
                if (theirs.Last.From == userId)
                    (theirs.Last.Body, theirs.Last.Deleted) = ("", true);
                // Every message from the deleted user is a tombstone now: none is left to read, and no one reads.
                (theirs.UnreadCount, theirs.OtherReadId) = (0, null);
                db.Chats.Update(theirs);
                db.Feed.Append(new EventDocument { Owner = partner, Type = EventTypes.UserDeleted, At = now, UserId = userId });
            }
        db.Chats.DeleteMany(BsonExpression.Create("_id BETWEEN @0 AND @1", own, own + Keys.RangeEnd));
        var feed = Keys.EventOwner(userId);
        // Events appended earlier in this transaction are written first, so that they go with the rest.
        db.Feed.Flush();
        db.FeedChunks.DeleteMany(BsonExpression.Create("_id BETWEEN @0 AND @1", feed, feed + Keys.RangeEnd));
        var clientIds = Keys.ClientId(userId, "");
        db.ClientIds.DeleteMany(BsonExpression.Create("_id BETWEEN @0 AND @1", clientIds, clientIds + "~"));
        var sessions = db.Sessions.Find(BsonExpression.Create("$.UserId = @0", userId))
            .Select(s => (s.TokenId, DateTimeOffset.FromUnixTimeMilliseconds(s.ExpiresAt))).ToList();
        db.Sessions.DeleteMany(BsonExpression.Create("$.UserId = @0", userId));
        db.Blocks.DeleteMany(BsonExpression.Create("$.Blocker = @0 OR $.Blocked = @0", userId));
        db.UserState.Delete(userId);
        (user.Deleted, user.Disabled, user.Username, user.Key, user.PasswordHash, user.TokensNotBefore) =
            (true, false, DeletedUsername, Keys.DeletedUser(userId), "", now);
        db.Users.Update(user);
        db.Summaries.ForgetAll();
        db.Lists.ChangingAll();
        return new AccountDeletion(sessions, partners);
    }

    void EraseMessagesIn(string conversation, int author)
    {
        var written = db.Messages.Query()
            .Where("$.Key BETWEEN @0 AND @1", conversation, conversation + Keys.RangeEnd)
            .Where("$.From = @0 AND $.Deleted = false", author)
            .ToList();
        foreach (var message in written)
        {
            (message.Body, message.Deleted) = ("", true);
            db.Messages.Update(message);
        }
        MessageStore.EraseCopies(db, written, exceptOwner: author);
    }

    /// <summary>The owner's conversation rows, hidden ones too, for an export.</summary>
    public List<ChatDocument> Conversations(int owner)
    {
        var prefix = Keys.ChatOwner(owner);
        using (db.ReadDurable())
            return db.Chats.Query().Where("_id BETWEEN @0 AND @1", prefix, prefix + Keys.RangeEnd).ToList();
    }

    /// <summary>Up to <paramref name="count"/> messages of a conversation after <paramref name="after"/> (null: from the start), oldest first.</summary>
    public List<MessageDocument> MessagesPage(int a, int b, MessageDocument? after, int count)
    {
        var conversation = Keys.Conversation(a, b);
        using (db.ReadDurable())
            return db.Messages.Query()
                .Where("$.Key BETWEEN @0 AND @1", after?.Key ?? conversation, conversation + Keys.RangeEnd)
                .OrderBy("$.Key")
                .Offset(after is null ? 0 : 1)
                .Limit(count)
                .ToList();
    }
}

/// <summary>What a deletion ended: the account's session tokens, and whom to tell.</summary>
public sealed record AccountDeletion(List<(string TokenId, DateTimeOffset ExpiresAt)> Sessions, List<int> Partners);
