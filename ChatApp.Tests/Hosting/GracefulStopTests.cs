using ChatApp.Data.Engine;
using System.Net.WebSockets;
using System.Text;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatApp.Tests.Hosting;

public sealed class GracefulStopTests
{
    const char RecordSeparator = '\u001e';

    [Fact]
    public async Task StoppingTheServerSendsOpenHubConnectionsACloseMessage()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var socket = await app.Server.CreateWebSocketClient()
            .ConnectAsync(new Uri($"ws://localhost/hubs/chat?access_token={app.TokenFor(ada)}"), CancellationToken.None);
        await SendAsync(socket, """{"protocol":"json","version":1}""");
        Assert.Equal("{}", await ReceiveAsync(socket));
        Assert.Contains("\"target\":\"echo\"", await ReceiveAsync(socket));

        // The same signal SIGTERM and Ctrl-C give the host.
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        var close = await ReceiveAsync(socket);
        Assert.NotNull(close);
        Assert.Contains("\"type\":7", close);
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task StoppingClosesTheDatabaseSoARestartFindsNoRecoveryWork()
    {
        var path = ChatAppFactory.TempDatabasePath();
        int bob;
        await using (var app = new ChatAppFactory(path))
        {
            var ada = await app.CreateUserAsync("ada");
            bob = (await app.CreateUserAsync("bob")).Id;
            await app.ClientFor(ada).SendMessageAsync(bob, "written before the stop");
            // LiteDB keeps a -log file while the database is open; only a clean close removes it.
            Assert.True(File.Exists(LiteLogStream.PathFor(path)));
        }

        // The factory runs Program on a thread of its own, which disposes the services (the database
        // last, its lock after LiteDB) after DisposeAsync has returned: wait for the lock to go.
        await WaitUntilUnlockedAsync(path + ".lock");
        Assert.False(File.Exists(LiteLogStream.PathFor(path)));
        await using (var app = new ChatAppFactory(path))
        {
            var history = app.Service<MessageStore>().Older(1, bob, null, null);
            Assert.Equal("written before the stop", Assert.Single(history).Body);
        }
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    static async Task WaitUntilUnlockedAsync(string lockPath)
    {
        // A guard against hanging the run, not a speed requirement.
        for (var i = 0; i < 300 && IsLocked(lockPath); i++)
            await Task.Delay(100);
        Assert.False(IsLocked(lockPath), "the database lock was never released");
    }

    static bool IsLocked(string lockPath)
    {
        try
        {
            using var _ = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    static Task SendAsync(WebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next hub message, or null once the server closed the socket.</summary>
    static async Task<string?> ReceiveAsync(WebSocket socket)
    {
        // One frame may carry several messages, each ended by the record separator.
        if (Pending.TryGetValue(socket, out var queue) && queue.TryDequeue(out var queued))
            return queued;
        // A guard against hanging the run if no message ever comes, not a speed requirement.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, guard.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (!result.EndOfMessage)
                continue;
            queue = Pending.GetOrAdd(socket, _ => new());
            foreach (var message in text.ToString().Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
                queue.Enqueue(message);
            return queue.TryDequeue(out var next) ? next : await ReceiveAsync(socket);
        }
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<WebSocket, Queue<string>> Pending = new();
}
