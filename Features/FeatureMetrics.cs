using System.Diagnostics.Metrics;

namespace ChatApp.Features;

/// <summary>What the services measure: events handed to live subscribers, and requests refused for going too fast.</summary>
public static class FeatureMetrics
{
    public const string MeterName = "ChatApp.Features";

    static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> EventsDelivered = Meter.CreateCounter<long>(
        "chatapp.events.delivered", "{event}", "Feed events handed to open hub connections");

    /// <summary>Tagged <c>limit</c>: messages, login_username (the services' budgets) or address (sign-up and login per address).</summary>
    public static readonly Counter<long> RateLimitRefusals = Meter.CreateCounter<long>(
        "chatapp.rate_limit.refusals", "{request}", "Requests refused by a rate limit");

    public static void Refused(string limit) => RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
