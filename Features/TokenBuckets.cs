using System.Threading.RateLimiting;

namespace ChatApp.Features;

/// <summary>
/// Token buckets keyed by something inside a request (a sender, a username): each holds a burst and
/// refills one token at a time, so a refused client only waits for the next token (its Retry-After).
/// </summary>
public sealed class TokenBuckets<TKey> : IDisposable where TKey : notnull
{
    readonly PartitionedRateLimiter<TKey> _limiter;

    public TokenBuckets(bool enabled, int burst, int perMinute) =>
        _limiter = PartitionedRateLimiter.Create<TKey, TKey>(key => enabled
            ? RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(burst, TimeSpan.FromMinutes(1) / perMinute))
            : RateLimitPartition.GetNoLimiter(key));

    public static TokenBucketRateLimiterOptions Bucket(int burst, TimeSpan refillEvery) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = refillEvery,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Takes a token, or says how long until the next one.</summary>
    public bool TryTake(TKey key, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(key);
        retryAfter = lease.IsAcquired || !lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? TimeSpan.FromSeconds(1) : wait;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
