using Microsoft.Extensions.Options;

namespace ChatApp.Features.Messages;

/// <summary>Messages per user, REST and hub together, so switching transport gains nothing.</summary>
public sealed class SendBudget(IOptions<RateLimitOptions> options) : IDisposable
{
    readonly TokenBuckets<int> _buckets = new(options.Value.Enabled, options.Value.MessageBurst, options.Value.MessagesPerMinute);

    public Failure? TryTake(int userId)
    {
        if (_buckets.TryTake(userId, out var retryAfter))
            return null;
        FeatureMetrics.Refused("messages");
        return Failure.RateLimited("messages", retryAfter);
    }

    public void Dispose() => _buckets.Dispose();
}
