using System.Collections.Concurrent;
using LiteDB;

namespace ChatApp.Data.Stores;

/// <summary>
/// The deny-list of logged-out tokens: persisted so a revocation survives a restart, and mirrored in
/// memory because every authenticated request asks it. Entries go once their token has expired anyway.
/// </summary>
public sealed class RevokedTokenStore
{
    static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    readonly ChatDatabase _db;
    readonly TimeProvider _clock;
    readonly ConcurrentDictionary<string, long> _revoked;
    long _nextPruneAt;

    public RevokedTokenStore(ChatDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
        var now = Now();
        _revoked = new ConcurrentDictionary<string, long>(
            db.RevokedTokens.Find(BsonExpression.Create("$.ExpiresAt > @0", now))
                .Select(t => KeyValuePair.Create(t.Id, t.ExpiresAt)));
        _nextPruneAt = now;
    }

    public bool IsRevoked(string tokenId) => _revoked.ContainsKey(tokenId);

    public async Task RevokeAsync(string tokenId, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeMilliseconds();
        _revoked[tokenId] = expires;
        await _db.Writer.Enqueue(() => _db.RevokedTokens.Upsert(new RevokedTokenDocument { Id = tokenId, ExpiresAt = expires }));
        await PruneIfDueAsync();
    }

    async Task PruneIfDueAsync()
    {
        var now = Now();
        var due = Interlocked.Read(ref _nextPruneAt);
        if (now < due || Interlocked.CompareExchange(ref _nextPruneAt, now + (long)PruneEvery.TotalMilliseconds, due) != due)
            return;
        foreach (var (id, expires) in _revoked)
            if (expires <= now)
                _revoked.TryRemove(id, out _);
        await _db.Writer.Enqueue(() => _db.RevokedTokens.DeleteMany(BsonExpression.Create("$.ExpiresAt <= @0", now)));
    }

    long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
}
