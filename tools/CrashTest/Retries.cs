using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace CrashTest;

/// <summary>What sending again after the restart gave.</summary>
sealed class RetryOutcome
{
    /// <summary>Acknowledged sends made again: each must be replayed.</summary>
    public int Replayed;
    /// <summary>Sends in flight at the stop, made again: replayed (the server had stored it) or created (it had not).</summary>
    public int InFlight, InFlightReplayed, InFlightCreated;
    public List<string> Problems { get; } = new();
    /// <summary>In-flight sends that are acknowledged now, by the retry.</summary>
    public List<Acknowledged> NowAcknowledged { get; } = new();
}

/// <summary>
/// A client that timed out sends again with the same <c>client_id</c>, body and recipient: after the
/// restart, that must give back the original message, or store it once if it never was.
/// </summary>
static class Retries
{
    /// <param name="replayOverRest">Acknowledged sends to make again through <c>POST /message/{id}</c>: 200,
    /// <c>Idempotent-Replayed: true</c>, the original message.</param>
    /// <param name="replayOverHub">Acknowledged sends to make again through the hub's <c>Send</c>: the original message.</param>
    /// <param name="inFlight">Sends the writers had made when the server stopped, without an answer.</param>
    public static async Task<RetryOutcome> RunAsync(Uri server, IReadOnlyList<Account> accounts,
        IEnumerable<Acknowledged> replayOverRest, IEnumerable<Acknowledged> replayOverHub, IEnumerable<Send> inFlight)
    {
        var outcome = new RetryOutcome();
        Account AccountOf(int id) => accounts.Single(a => a.Id == id);

        foreach (var ack in replayOverRest)
        {
            var (status, replayed, message, text) = await PostAsync(server, AccountOf(ack.From), ack.Send);
            var what = $"POST /message/{ack.To} again with client_id {ack.ClientId} (message {ack.Id})";
            if (status != HttpStatusCode.OK)
                outcome.Problems.Add($"{what} answered {(int)status}, expected 200: {text}");
            else if (!replayed)
                outcome.Problems.Add($"{what} answered 200 without Idempotent-Replayed: true");
            else if (Differs(message!, ack) is { } difference)
                outcome.Problems.Add($"{what} gave back {difference}");
            else
                outcome.Replayed++;
        }

        foreach (var ack in replayOverHub)
        {
            var what = $"hub Send again with client_id {ack.ClientId} (message {ack.Id})";
            try
            {
                await using var hub = Writers.Connect(server, AccountOf(ack.From));
                await hub.StartAsync();
                var message = Stored.Parse(await hub.InvokeAsync<JsonElement>("Send",
                    new { to = ack.To, body = ack.Body, client_id = ack.ClientId }));
                if (Differs(message, ack) is { } difference)
                    outcome.Problems.Add($"{what} gave back {difference}");
                else
                    outcome.Replayed++;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                outcome.Problems.Add($"{what} failed: {e.GetType().Name}: {e.Message}");
            }
        }

        foreach (var send in inFlight)
        {
            outcome.InFlight++;
            var from = AccountOf(send.From);
            var (status, replayed, message, text) = await PostAsync(server, from, send);
            var what = $"POST /message/{send.To} again with client_id {send.ClientId}, in flight at the stop,";
            if (status == HttpStatusCode.OK && !replayed)
                outcome.Problems.Add($"{what} answered 200 without Idempotent-Replayed: true");
            else if (status is not (HttpStatusCode.OK or HttpStatusCode.Created))
            {
                outcome.Problems.Add($"{what} answered {(int)status}, expected 200 or 201: {text}");
                continue;
            }
            else if (status == HttpStatusCode.Created && replayed)
                outcome.Problems.Add($"{what} answered 201 with Idempotent-Replayed: true");
            if (status == HttpStatusCode.OK) outcome.InFlightReplayed++; else outcome.InFlightCreated++;
            var acknowledged = new Acknowledged(message!.Id, send.From, send.To, send.Body, send.ClientId);
            if (Differs(message, acknowledged) is { } difference)
                outcome.Problems.Add($"{what} gave back {difference}");
            outcome.NowAcknowledged.Add(acknowledged);

            // Stored once, whether the first attempt had reached the file or not.
            var copies = (await Verifier.HistoryAsync(server, from, send.To)).Count(m => m.ClientId == send.ClientId && m.From == send.From);
            if (copies != 1)
                outcome.Problems.Add($"{what} left {copies} messages with that client_id in the history");
        }
        return outcome;
    }

    static async Task<(HttpStatusCode Status, bool Replayed, Stored? Message, string Text)> PostAsync(
        Uri server, Account from, Send send)
    {
        using var http = Verifier.Client(server, from);
        using var response = await http.PostAsJsonAsync($"/message/{send.To}", new { body = send.Body, client_id = send.ClientId });
        var text = await response.Content.ReadAsStringAsync();
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.SequenceEqual(["true"]);
        Stored? message = null;
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
        {
            using var json = JsonDocument.Parse(text);
            message = Stored.Parse(json.RootElement);
        }
        return (response.StatusCode, replayed, message, text);
    }

    static string? Differs(Stored message, Acknowledged ack) =>
        message.Id == ack.Id && message.From == ack.From && message.To == ack.To && message.Body == ack.Body
        && message.ClientId == ack.ClientId
            ? null
            : $"{message.Json} instead of message {ack.Id} ({ack.From} to {ack.To}, client_id {ack.ClientId})";
}
