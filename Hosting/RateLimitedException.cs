using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hosting;

/// <summary>
/// A limit was hit. It is a <see cref="HubException"/> so that a hub caller gets its text (and keeps
/// its connection); on REST, <see cref="RateLimitedExceptionHandler"/> answers 429 with Retry-After.
/// </summary>
public sealed class RateLimitedException(string what, TimeSpan retryAfter)
    : HubException($"too many {what}: try again in {TooManyRequests.Seconds(retryAfter)} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
