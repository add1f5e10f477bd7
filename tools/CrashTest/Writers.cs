using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CrashTest;

/// <summary>One send as a client makes it: the same four values make the same request again (a retry).</summary>
sealed record Send(int From, int To, string Body, string ClientId);

/// <summary>A message the server acknowledged (201 or a hub result): it must survive anything after that.</summary>
sealed record Acknowledged(int Id, int From, int To, string Body, string ClientId)
{
    public Send Send => new(From, To, Body, ClientId);
}

sealed record Account(int Id, string Username, string Token);

/// <summary>
/// One sender per account, half over REST and half over the hub, each sending one message after another
/// to the next account (every fifth to itself), each with its own <c>client_id</c>, until the server dies
/// under them. Each keeps the messages it saw acknowledged, and the send that was in flight when it died.
/// </summary>
static class Writers
{
    // Multi-byte and astral characters, so that a torn page or a bad re-encoding would change the bytes.
    const string Tail = " grüße ✓ 😀 \u0645\u0631\u062d\u0628\u0627";

    /// <returns>One task per writer, ending with null, or with what went wrong other than the server dying.</returns>
    public static Task<string?>[] Start(Uri server, IReadOnlyList<Account> accounts, int round,
        ConcurrentQueue<Acknowledged> acknowledged, ConcurrentQueue<Send> inFlight, Action onAcknowledged,
        CancellationToken stop)
    {
        var tasks = new Task<string?>[accounts.Count];
        for (var i = 0; i < accounts.Count; i++)
        {
            var writer = new Writer(round, accounts[i], accounts[(i + 1) % accounts.Count], acknowledged, inFlight,
                onAcknowledged, stop);
            tasks[i] = i % 2 == 0
                ? Task.Run(() => RestAsync(server, writer))
                : Task.Run(() => HubAsync(server, writer));
        }
        return tasks;
    }

    sealed record Writer(int Round, Account From, Account Next, ConcurrentQueue<Acknowledged> Acknowledged,
        ConcurrentQueue<Send> InFlight, Action OnAcknowledged, CancellationToken Stop)
    {
        /// <summary>Every fifth message goes to the sender itself: one message, one event in its own feed.</summary>
        public Account RecipientOf(int seq) => seq % 5 == 4 ? From : Next;

        public Send SendOf(int seq)
        {
            var clientId = $"r{Round}-{From.Username}-{seq:D6}";
            return new Send(From.Id, RecipientOf(seq).Id, clientId + Tail, clientId);
        }

        public void Acknowledge(Send send, JsonElement message)
        {
            Acknowledged.Enqueue(new Acknowledged(message.GetProperty("id").GetInt32(), send.From, send.To, send.Body, send.ClientId));
            OnAcknowledged();
        }
    }

    static async Task<string?> RestAsync(Uri server, Writer w)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", w.From.Token);
        for (var seq = 0; !w.Stop.IsCancellationRequested; seq++)
        {
            var send = w.SendOf(seq);
            // Both REST routes take a client_id: alternate between them.
            var path = seq % 2 == 0 ? $"/message/{send.To}" : $"/add_message/{w.RecipientOf(seq).Username}";
            try
            {
                using var response = await http.PostAsJsonAsync(path, new { body = send.Body, client_id = send.ClientId });
                if (response.StatusCode != HttpStatusCode.Created)
                    return $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                w.Acknowledge(send, await response.Content.ReadFromJsonAsync<JsonElement>());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                w.InFlight.Enqueue(send);
                return null; // the server died: this send and nothing after it was acknowledged
            }
        }
        return null;
    }

    static async Task<string?> HubAsync(Uri server, Writer w)
    {
        await using var hub = Connect(server, w.From);
        Send? send = null;
        try
        {
            await hub.StartAsync();
            for (var seq = 0; !w.Stop.IsCancellationRequested; seq++)
            {
                send = w.SendOf(seq);
                // Send takes the recipient by id or by username: alternate between them.
                object request = seq % 2 == 0
                    ? new { to = send.To, body = send.Body, client_id = send.ClientId }
                    : new { to_username = w.RecipientOf(seq).Username, body = send.Body, client_id = send.ClientId };
                var message = await hub.InvokeAsync<JsonElement>("Send", request);
                var acknowledged = send;
                send = null;
                w.Acknowledge(acknowledged, message);
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
            if (send is not null)
                w.InFlight.Enqueue(send);
            return null; // the server died or is shutting down: the invocation in flight was not acknowledged
        }
    }

    public static HubConnection Connect(Uri server, Account account) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(account.Token))
            .Build();
}
