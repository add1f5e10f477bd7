namespace ChatApp.Data.Stores;

/// <summary>Logins, one per issued token, so a user can see and end theirs.</summary>
public sealed class SessionStore(ChatDatabase db, TimeProvider clock)
{
    /// <summary>An id for a session about to start: the token carries it before the session is stored.</summary>
    public int ReserveId() => db.Ids.NextSessionId();

    public Task<SessionDocument> AddAsync(int id, int userId, string tokenId, DateTimeOffset expiresAt) =>
        db.Writer.Enqueue(() =>
        {
            var session = new SessionDocument
            {
                Id = id,
                UserId = userId,
                TokenId = tokenId,
                CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
                ExpiresAt = expiresAt.ToUnixTimeMilliseconds(),
            };
            db.Sessions.Insert(session);
            // Expired sessions of this user go as new ones come: the collection never grows past the live ones.
            db.Sessions.DeleteMany(LiteDB.BsonExpression.Create("$.UserId = @0 AND $.ExpiresAt <= @1", userId, session.CreatedAt));
            return session;
        });

    /// <summary>The user's sessions whose token has not expired, oldest first.</summary>
    public List<SessionDocument> Live(int userId)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using (db.ReadDurable())
            return db.Sessions.Find(LiteDB.BsonExpression.Create("$.UserId = @0", userId))
                .Where(s => s.ExpiresAt > now)
                .OrderBy(s => s.Id)
                .ToList();
    }

    public Task<bool> RemoveAsync(int sessionId) => db.Writer.Enqueue(() => db.Sessions.Delete(sessionId));
}
