using System.Collections.Concurrent;
using LiteDB;

namespace ChatApp.Data.Stores;

public sealed class UserStore(ChatDatabase db, TimeProvider clock)
{
    // Keeps token checks off the disk. Every change to a user goes through UpdateAsync, which refreshes it on the
    // writer thread. One entry (~200 bytes) per user seen since start: 100,000 users, ~20 MB, more than a
    // self-hosted server has.
    readonly ConcurrentDictionary<int, UserDocument> _byId = new();

    public static string KeyOf(string username) => username.ToLowerInvariant();

    // A parameter, not Query.EQ: LiteDB compiles each distinct expression text once and keeps it forever.
    static BsonExpression ByKey(string key) => BsonExpression.Create("$.Key = @0", key);

    public UserDocument? FindById(int id)
    {
        if (_byId.TryGetValue(id, out var cached))
            return cached;
        UserDocument? user;
        using (db.ReadDurable())
            user = db.Users.FindById(id);
        return user is null ? null : _byId.GetOrAdd(id, user);
    }

    public UserDocument? FindByUsername(string username)
    {
        // No stored name is longer; this also keeps LiteDB's 1 KiB index-key limit out of reach of lookups.
        if (username.Length is 0 or > 64)
            return null;
        UserDocument? user;
        using (db.ReadDurable())
            user = db.Users.FindOne(ByKey(KeyOf(username)));
        return user is null ? null : _byId.GetOrAdd(user.Id, user);
    }

    /// <summary>Every stored user, in id order, read lazily (deleted accounts included: check <see cref="UserDocument.Deleted"/>).</summary>
    public IEnumerable<UserDocument> All() => db.Users.FindAll();

    /// <summary>Users whose name starts with <paramref name="prefix"/> (ignoring case), by name: one range of the username index.</summary>
    public List<UserDocument> Search(string prefix, int limit)
    {
        var key = KeyOf(prefix);
        using (db.ReadDurable())
            return db.Users.Query()
                .Where("$.Key >= @0", key)
                .OrderBy("$.Key")
                .ToEnumerable()
                .TakeWhile(u => u.Key.StartsWith(key, StringComparison.Ordinal))
                .Take(limit)
                .ToList();
    }

    /// <summary>Changes a stored user on the writer thread; the cached copy follows in the same step.</summary>
    public Task<UserDocument?> UpdateAsync(int id, Action<UserDocument> change) =>
        db.Writer.Enqueue(() =>
        {
            if (db.Users.FindById(id) is not { Deleted: false } user)
                return null;
            change(user);
            db.Users.Update(user);
            _byId[id] = user;
            return user;
        });

    /// <summary>Drops the cached copy (after a change made by another store, e.g. an account deletion).</summary>
    public void Forget(int id) => _byId.TryRemove(id, out _);

    /// <summary>Stores a new user, or returns null when the name is taken (ignoring case).</summary>
    public Task<UserDocument?> CreateAsync(string username, string passwordHash) =>
        db.Writer.Enqueue(() => Insert(username, passwordHash, clock.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>
    /// Stores a new user who signs up with an invite code, using one of its uses in the same write, so two
    /// sign-ups never share its last use.
    /// </summary>
    public Task<SignUpResult> CreateWithInviteAsync(string username, string passwordHash, string inviteCode) =>
        db.Writer.Enqueue(() =>
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (db.Invites.FindById(inviteCode) is not { UsesLeft: > 0 } invite || invite.ExpiresAt <= now)
                return new SignUpResult(null, InviteRefused: true);
            if (Insert(username, passwordHash, now) is not { } user)
                return new SignUpResult(null, InviteRefused: false);
            invite.UsesLeft--;
            db.Invites.Update(invite);
            return new SignUpResult(user, InviteRefused: false);
        });

    /// <summary>
    /// Stores many users in one durable transaction (seeding). Each takes the first free name that
    /// <paramref name="candidateName"/> gives for attempts 0, 1, 2, … Both sequences are read on the
    /// writer thread, one user at a time, in order.
    /// </summary>
    public Task<List<UserDocument>> CreateManyAsync(IEnumerable<long> createdAt, Func<int, string> candidateName,
        string passwordHash, int maxAttempts) =>
        db.Writer.Enqueue(() => createdAt.Select(at => InsertFirstFree(candidateName, passwordHash, at, maxAttempts)).ToList());

    UserDocument InsertFirstFree(Func<int, string> candidateName, string passwordHash, long createdAt, int maxAttempts)
    {
        for (var attempt = 0; attempt < maxAttempts; attempt++)
            if (Insert(candidateName(attempt), passwordHash, createdAt) is { } user)
                return user;
        throw new InvalidOperationException($"found no free username in {maxAttempts} attempts");
    }

    UserDocument? Insert(string username, string passwordHash, long createdAt)
    {
        var key = KeyOf(username);
        // Checked here, not left to the unique index: a duplicate-key exception would roll back the whole batch.
        if (db.Users.Exists(ByKey(key)))
            return null;
        var user = new UserDocument
        {
            Id = db.Ids.NextUserId(),
            Username = username,
            Key = key,
            PasswordHash = passwordHash,
            CreatedAt = createdAt,
        };
        db.Users.Insert(user);
        return user;
    }
}

/// <summary>The user created, or why not: the invite was refused, or (neither) the name is taken.</summary>
public sealed record SignUpResult(UserDocument? User, bool InviteRefused);
