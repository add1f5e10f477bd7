using System.Text.Json;
using ChatApp.Bench.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Bench.Scenarios;

/// <summary>
/// One WebSocket hub connection per user, each listening on its user's own event (and on
/// <c>chat:typing</c> when <c>onTyping</c> is given).
/// </summary>
public sealed class HubSwarm : IAsyncDisposable
{
    readonly List<HubConnection> _connections = [];
    readonly Uri _hub;
    readonly Action<int, JsonElement> _onMessage;
    readonly Action<int>? _onTyping;
    int _dropped;
    volatile bool _closing;

    public HubSwarm(Uri baseAddress, Action<int, JsonElement> onMessage, Action<int>? onTyping = null)
    {
        _hub = new Uri(baseAddress, "/hubs/chat");
        _onMessage = onMessage;
        _onTyping = onTyping;
    }

    public int Count => _connections.Count;

    /// <summary>Connections closed by the server or the network while the bench still wanted them.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public HubConnection this[int index] => _connections[index];

    /// <summary>Connects users[from..to), a few at a time; returns how many failed to connect.</summary>
    public async Task<int> ConnectAsync(BenchUser[] users, int from, int to, int parallel = 32)
    {
        var connections = new HubConnection[to - from];
        var failed = 0;
        await Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            var user = users[i];
            var connection = new HubConnectionBuilder()
                .WithUrl(_hub, o =>
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(user.Token);
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .Build();
            var index = i;
            connection.On<JsonElement>(user.Username, message => _onMessage(index, message));
            if (_onTyping is { } onTyping)
                connection.On<JsonElement>("chat:typing", _ => onTyping(index));
            connection.Closed += _ =>
            {
                if (!_closing)
                    Interlocked.Increment(ref _dropped);
                return Task.CompletedTask;
            };
            try
            {
                await connection.StartAsync();
            }
            catch (Exception)
            {
                Interlocked.Increment(ref failed);
            }
            connections[i - from] = connection;
        });
        _connections.AddRange(connections);
        return failed;
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        await Parallel.ForEachAsync(_connections, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (c, _) => await c.DisposeAsync());
    }
}
