using Microsoft.Extensions.Options;

namespace ChatApp.Features.Auth;

/// <summary>
/// Login attempts per username from one address. Keyed by address too, so that a stranger guessing
/// someone's password cannot lock that person out.
/// </summary>
public sealed class LoginAttempts(IOptions<RateLimitOptions> options) : IDisposable
{
    // A username longer than this is invalid anyway; cutting the key keeps hostile ones from costing memory.
    const int MaxKeyUsername = 64;

    readonly TokenBuckets<string> _buckets = new(options.Value.Enabled,
        options.Value.LoginsPerMinutePerUsername, options.Value.LoginsPerMinutePerUsername);

    public Failure? TryTake(string address, string? username)
    {
        var name = (username ?? "").ToLowerInvariant();
        if (_buckets.TryTake($"{address}\n{name[..Math.Min(name.Length, MaxKeyUsername)]}", out var retryAfter))
            return null;
        FeatureMetrics.Refused("login_username");
        return Failure.RateLimited("login attempts for this username", retryAfter);
    }

    public void Dispose() => _buckets.Dispose();
}
