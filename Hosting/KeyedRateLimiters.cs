using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatApp.Hosting;

/// <summary>
/// The limits whose key is not in the request line: message sends per user (REST and hub share this
/// one instance, so switching transport gains nothing) and login attempts per address and username.
/// </summary>
public sealed class KeyedRateLimiters : IDisposable
{
    // A username longer than this is invalid anyway; cutting the key keeps hostile ones from costing memory.
    const int MaxKeyUsername = 64;

    readonly PartitionedRateLimiter<int> _sends;
    readonly PartitionedRateLimiter<string> _logins;

    public KeyedRateLimiters(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        _sends = PartitionedRateLimiter.Create<int, int>(user =>
            o.Enabled ? RateLimitPartition.GetTokenBucketLimiter(user, _ => Bucket(o.MessageBurst, o.MessagesPerMinute))
                : RateLimitPartition.GetNoLimiter(user));
        _logins = PartitionedRateLimiter.Create<string, string>(key =>
            o.Enabled ? RateLimitPartition.GetTokenBucketLimiter(key, _ => PerMinute(o.LoginsPerMinutePerUsername))
                : RateLimitPartition.GetNoLimiter(key));
    }

    /// <summary>A token bucket holding <paramref name="perMinute"/> tokens, refilled one at a time over a minute.</summary>
    public static TokenBucketRateLimiterOptions PerMinute(int perMinute) => Bucket(perMinute, perMinute);

    public static TokenBucketRateLimiterOptions PerHour(int perHour) => new()
    {
        TokenLimit = perHour,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromHours(1) / perHour,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    static TokenBucketRateLimiterOptions Bucket(int burst, int perMinute) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <exception cref="RateLimitedException">the user has sent too many messages lately</exception>
    public void AcquireSend(int userId) => Acquire(_sends, userId, "messages");

    /// <exception cref="RateLimitedException">too many login attempts for this name from this address</exception>
    public void AcquireLogin(string address, string? username)
    {
        var name = (username ?? "").ToLowerInvariant();
        Acquire(_logins, $"{address}\n{name[..Math.Min(name.Length, MaxKeyUsername)]}", "login attempts for this username");
    }

    static void Acquire<T>(PartitionedRateLimiter<T> limiter, T key, string what)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
            throw new RateLimitedException(what,
                lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        _sends.Dispose();
        _logins.Dispose();
    }
}
