using System.ComponentModel.DataAnnotations;

namespace ChatApp.Features;

/// <summary>
/// Token buckets sized so a person never meets them: each holds a burst and refills steadily, so a
/// client that was refused only waits for the next token (its <c>Retry-After</c>), not a whole window.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary><c>CHATAPP_RATE_LIMITS=off</c> sets this to false, for load tests and benchmarks.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>POST /login</c> attempts per minute from one client address, all usernames together.</summary>
    [Range(1, 1_000_000)]
    public int LoginsPerMinutePerAddress { get; set; } = 30;

    /// <summary>
    /// <c>POST /login</c> attempts per minute for one username from one address. Keyed by address too, so
    /// that a stranger guessing someone's password cannot lock that person out.
    /// </summary>
    [Range(1, 1_000_000)]
    public int LoginsPerMinutePerUsername { get; set; } = 10;

    /// <summary><c>POST /user</c> sign-ups per hour from one client address.</summary>
    [Range(1, 1_000_000)]
    public int SignUpsPerHourPerAddress { get; set; } = 30;

    /// <summary>Messages one user may send at once (REST and hub together) before the steady rate applies.</summary>
    [Range(1, 1_000_000)]
    public int MessageBurst { get; set; } = 30;

    /// <summary>Messages one user may send per minute once the burst is spent (300 = 5 per second).</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerMinute { get; set; } = 300;
}
