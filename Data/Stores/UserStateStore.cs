using System.Collections.Concurrent;

namespace ChatApp.Data.Stores;

/// <summary>Each user's settings and last-seen time, read on every <c>/chats</c> row, so mirrored in memory.</summary>
public sealed class UserStateStore(ChatDatabase db)
{
    // One small entry (~60 bytes) per user read since start: bounded by the number of users.
    readonly ConcurrentDictionary<int, UserStateDocument> _byId = new();

    /// <summary>The user's state; the defaults for a user who never changed anything.</summary>
    public UserStateDocument Get(int userId)
    {
        if (_byId.TryGetValue(userId, out var state))
            return state;
        using (db.ReadDurable())
            state = db.UserState.FindById(userId) ?? new UserStateDocument { Id = userId };
        return _byId.GetOrAdd(userId, state);
    }

    /// <summary>Stores a changed copy. The mirror takes it on the writer thread, so updates land in their order.</summary>
    public async Task<UserStateDocument> UpdateAsync(int userId, Action<UserStateDocument> change)
    {
        try
        {
            return await db.Writer.Enqueue(() =>
            {
                var state = db.UserState.FindById(userId) ?? new UserStateDocument { Id = userId };
                change(state);
                db.UserState.Upsert(state);
                _byId[userId] = state;
                return state;
            });
        }
        catch
        {
            // The write was rolled back (or not confirmed): read it again next time.
            _byId.TryRemove(userId, out _);
            throw;
        }
    }
}
