using System.Collections.Concurrent;
using System.Text.Json;
using ChatApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatApp.Tests.Hubs;

/// <summary>Pushes go through one group per user (not a scan of every connection); who receives what must not change.</summary>
public sealed class UserGroupDeliveryTests
{
    [Fact]
    public async Task AMessageReachesEveryConnectionOfBothParticipantsAndNoOtherUser()
    {
        await using var app = new ChatAppFactory();
        var ada = await app.CreateUserAsync("ada");
        var bob = await app.CreateUserAsync("bob");
        var eve = await app.CreateUserAsync("eve");
        var received = new ConcurrentQueue<string>();
        await using var ada1 = await ConnectAsync(app, ada.Username, app.TokenFor(ada), "ada-1", received);
        await using var ada2 = await ConnectAsync(app, ada.Username, app.TokenFor(ada), "ada-2", received);
        await using var bob1 = await ConnectAsync(app, bob.Username, app.TokenFor(bob), "bob-1", received);
        await using var eve1 = await ConnectAsync(app, eve.Username, app.TokenFor(eve), "eve-1", received);

        var stored = await ada1.InvokeAsync<JsonElement>("SendMessage", bob.Id, "hello bob");
        await WaitForAsync(() => received.Count >= 3);
        await app.ClientFor(bob).SendMessageAsync(ada.Id, "hello ada");
        await WaitForAsync(() => received.Count >= 6);

        Assert.Equal(bob.Id, stored.GetProperty("to").GetInt32());
        Assert.Equal(
            ["ada-1:hello ada", "ada-1:hello bob", "ada-2:hello ada", "ada-2:hello bob", "bob-1:hello ada", "bob-1:hello bob"],
            received.Order(StringComparer.Ordinal).ToArray());
    }

    static async Task<HubConnection> ConnectAsync(
        ChatAppFactory app, string username, string token, string name, ConcurrentQueue<string> received)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/chat"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        connection.On<JsonElement>(username, m => received.Enqueue($"{name}:{m.GetProperty("body").GetString()}"));
        await connection.StartJoinedAsync();
        return connection;
    }

    static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(25);
    }
}
