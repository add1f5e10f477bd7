using System.Diagnostics;
using ChatApp.Hubs;

namespace ChatApp.Hosting.Lifetime;

/// <summary>
/// On SIGTERM or Ctrl-C, SignalR's own shutdown closes the sockets without the hub's close message, so
/// clients cannot tell a server stop from a network failure. This ends each hub connection first, which
/// sends the close message, and waits (briefly) until all are gone.
/// </summary>
public static class HubShutdown
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>Call after MapHub: stopping callbacks run newest first, so this runs before SignalR's.</summary>
    public static void CloseHubConnectionsOnStop(this WebApplication app)
    {
        var connections = app.Services.GetRequiredService<ConnectionRegistry>();
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            connections.CloseEvery();
            var started = Stopwatch.GetTimestamp();
            while (connections.Count > 0 && Stopwatch.GetElapsedTime(started) < Limit)
                Thread.Sleep(10);
        });
    }
}
