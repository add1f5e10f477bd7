using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CrashTest;

/// <summary>A message the server acknowledged (201 or a hub result): it must survive anything after that.</summary>
sealed record Acknowledged(int Id, int From, int To, string Body);

sealed record Account(int Id, string Username, string Token);

/// <summary>
/// One sender per account, half over REST and half over the hub, each sending one message after another
/// to the next account, until the server dies under them. Each keeps the messages it saw acknowledged.
/// </summary>
static class Writers
{
    // Multi-byte and astral characters, so that a torn page or a bad re-encoding would change the bytes.
    const string Tail = " grüße ✓ 😀 \u0645\u0631\u062d\u0628\u0627";

    /// <returns>One task per writer, ending with null, or with what went wrong other than the server dying.</returns>
    public static Task<string?>[] Start(Uri server, IReadOnlyList<Account> accounts, int round,
        ConcurrentQueue<Acknowledged> acknowledged, Action onAcknowledged, CancellationToken stop)
    {
        var tasks = new Task<string?>[accounts.Count];
        for (var i = 0; i < accounts.Count; i++)
        {
            var (from, to) = (accounts[i], accounts[(i + 1) % accounts.Count]);
            Func<int, string> body = seq => $"r{round}-{from.Username}-{seq:D6}{Tail}";
            tasks[i] = i % 2 == 0
                ? Task.Run(() => RestAsync(server, from, to, body, acknowledged, onAcknowledged, stop))
                : Task.Run(() => HubAsync(server, from, to, body, acknowledged, onAcknowledged, stop));
        }
        return tasks;
    }

    static async Task<string?> RestAsync(Uri server, Account from, Account to, Func<int, string> body,
        ConcurrentQueue<Acknowledged> acknowledged, Action onAcknowledged, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", from.Token);
        for (var seq = 0; !stop.IsCancellationRequested; seq++)
        {
            var text = body(seq);
            try
            {
                using var response = await http.PostAsJsonAsync($"/message/{to.Id}", new { body = text });
                if (response.StatusCode != HttpStatusCode.Created)
                    return $"POST /message/{to.Id} answered {(int)response.StatusCode}";
                var message = await response.Content.ReadFromJsonAsync<JsonElement>();
                acknowledged.Enqueue(new Acknowledged(message.GetProperty("id").GetInt32(), from.Id, to.Id, text));
                onAcknowledged();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                return null; // the server died: nothing after this was acknowledged
            }
        }
        return null;
    }

    static async Task<string?> HubAsync(Uri server, Account from, Account to, Func<int, string> body,
        ConcurrentQueue<Acknowledged> acknowledged, Action onAcknowledged, CancellationToken stop)
    {
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(from.Token))
            .Build();
        try
        {
            await hub.StartAsync();
            for (var seq = 0; !stop.IsCancellationRequested; seq++)
            {
                var text = body(seq);
                var message = await hub.InvokeAsync<JsonElement>("SendMessage", to.Id, text);
                acknowledged.Enqueue(new Acknowledged(message.GetProperty("id").GetInt32(), from.Id, to.Id, text));
                onAcknowledged();
            }
            return null;
        }
        catch (HubException e)
        {
            return $"the hub refused a message: {e.Message}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException
                                      or WebSocketException or OperationCanceledException or AggregateException)
        {
            return null; // the server died or is shutting down: the invocation in flight was not acknowledged
        }
    }
}
