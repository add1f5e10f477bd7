using ChatApp.Features;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

public static class HubOutcomes
{
    /// <summary>The value, or a <see cref="HubException"/> with the service's text (the connection stays open).</summary>
    public static T OrThrow<T>(this Outcome<T> outcome) =>
        outcome.Failure is { } failure ? throw new HubException(failure.Detail) : outcome.Value!;
}
