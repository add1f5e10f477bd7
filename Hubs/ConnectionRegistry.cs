using System.Collections.Concurrent;
using ChatApp.Features.Auth;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

/// <summary>
/// Open hub connections by the token they were opened with, so that logging out closes them at once
/// and a connection does not outlive its token's expiry.
/// </summary>
public sealed class ConnectionRegistry(TimeProvider clock, TokenRevocation revocation) : BackgroundService
{
    readonly ConcurrentDictionary<string, Entry> _connections = new();

    public int Count => _connections.Count;

    public void Add(HubCallerContext connection)
    {
        var user = connection.User!;
        var entry = new Entry(connection, user.UserId(), user.TokenId(), user.TokenExpiry());
        _connections[connection.ConnectionId] = entry;
        HubMetrics.Connections.Add(1);
        // A logout that ran between this connection's authentication and the line above missed it
        // in CloseAll; it had revoked the token first, so checking after registering closes the gap.
        if (revocation.IsRevoked(entry.TokenId) || entry.ExpiresAt <= clock.GetUtcNow())
            connection.Abort();
    }

    public void Remove(HubCallerContext connection)
    {
        if (_connections.TryRemove(connection.ConnectionId, out _))
            HubMetrics.Connections.Add(-1);
    }

    public void CloseAll(string tokenId)
    {
        foreach (var entry in _connections.Values)
            if (entry.TokenId == tokenId)
                entry.Connection.Abort();
    }

    public void CloseUser(int userId, string? exceptTokenId)
    {
        foreach (var entry in _connections.Values)
            if (entry.UserId == userId && entry.TokenId != exceptTokenId)
                entry.Connection.Abort();
    }

    /// <summary>Ends every connection; each gets the hub's close message before its socket closes.</summary>
    public void CloseEvery()
    {
        foreach (var entry in _connections.Values)
            entry.Connection.Abort();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            foreach (var entry in _connections.Values)
                if (entry.ExpiresAt <= now)
                    entry.Connection.Abort();
        }
    }

    sealed record Entry(HubCallerContext Connection, int UserId, string TokenId, DateTimeOffset ExpiresAt);
}
