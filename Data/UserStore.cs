using System.Collections.Concurrent;
using LiteDB;

namespace ChatApp.Data;

public sealed class UserStore(ChatDatabase db, DatabaseWriter writer, TimeProvider clock)
{
    // Users never change once stored, so a cached copy never goes stale; it keeps token checks off the disk.
    readonly ConcurrentDictionary<int, UserDocument> _byId = new();

    public static string KeyOf(string username) => username.ToLowerInvariant();

    // A parameter, not Query.EQ: LiteDB compiles each distinct expression text once and keeps it forever.
    static BsonExpression ByKey(string key) => BsonExpression.Create("$.Key = @0", key);

    public UserDocument? FindById(int id)
    {
        if (_byId.TryGetValue(id, out var cached))
            return cached;
        var user = db.Users.FindById(id);
        return user is null ? null : _byId.GetOrAdd(id, user);
    }

    public UserDocument? FindByUsername(string username)
    {
        // No stored name is longer; this also keeps LiteDB's 1 KiB index-key limit out of reach of lookups.
        if (username.Length is 0 or > 64)
            return null;
        var user = db.Users.FindOne(ByKey(KeyOf(username)));
        return user is null ? null : _byId.GetOrAdd(user.Id, user);
    }

    /// <summary>Stores a new user, or returns null when the name is taken (ignoring case).</summary>
    public Task<UserDocument?> CreateAsync(string username, string passwordHash) =>
        writer.Enqueue(d => Insert(d, username, passwordHash, clock.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Call on the writer thread or inside a transaction of one's own (seeding).</summary>
    public static UserDocument? Insert(ChatDatabase d, string username, string passwordHash, long createdAt)
    {
        var key = KeyOf(username);
        // Checked here, not left to the unique index: a duplicate-key exception would roll back the whole batch.
        if (d.Users.Exists(ByKey(key)))
            return null;
        var user = new UserDocument
        {
            Id = d.NextUserId(),
            Username = username,
            Key = key,
            PasswordHash = passwordHash,
            CreatedAt = createdAt,
        };
        d.Users.Insert(user);
        return user;
    }
}
