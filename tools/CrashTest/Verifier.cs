using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CrashTest;

/// <summary>Reads every conversation back from the restarted server and checks it against what was acknowledged.</summary>
static class Verifier
{
    /// <returns>How many acknowledged messages are missing, and every problem found.</returns>
    public static async Task<(int Lost, List<string> Problems)> CheckAsync(
        Uri server, IReadOnlyList<Account> accounts, IReadOnlyCollection<Acknowledged> acknowledged)
    {
        var lost = 0;
        var problems = new List<string>();
        foreach (var sender in accounts)
        {
            // In the order the writer saw them acknowledged: one writer sends one message after another.
            var mine = acknowledged.Where(a => a.From == sender.Id).ToList();
            if (mine.Count == 0)
                continue;
            var to = mine[0].To;
            var stored = await HistoryAsync(server, sender, to);
            // Oldest first; only this sender's messages (the writer that sends to this one uses another conversation).
            var sent = stored.Where(m => m.From == sender.Id && m.To == to).Reverse().ToList();
            var positions = new List<int>();
            foreach (var ack in mine)
            {
                var copies = sent.FindAll(m => m.Id == ack.Id);
                var sameBody = sent.FindAll(m => m.Body == ack.Body);
                if (copies.Count == 0)
                {
                    lost++;
                    problems.Add($"message {ack.Id} from {sender.Username} was acknowledged but is missing");
                }
                else if (copies.Count > 1 || sameBody.Count > 1)
                    problems.Add($"message {ack.Id} from {sender.Username} is stored {Math.Max(copies.Count, sameBody.Count)} times");
                else if (copies[0].Body != ack.Body)
                    problems.Add($"message {ack.Id} from {sender.Username} came back with another body: {copies[0].Body}");
                else
                    positions.Add(sent.IndexOf(copies[0]));
            }
            for (var i = 1; i < positions.Count; i++)
                if (positions[i] <= positions[i - 1])
                {
                    problems.Add($"{sender.Username}'s acknowledged messages are out of order in the history");
                    break;
                }
        }
        return (lost, problems);
    }

    sealed record Stored(int Id, int From, int To, string Body);

    static async Task<List<Stored>> HistoryAsync(Uri server, Account reader, int other)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reader.Token);
        using var response = await http.GetAsync($"/message/{other}");
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /message/{other} answered {(int)response.StatusCode} after the restart");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return json.RootElement.EnumerateArray()
            .Select(m => new Stored(m.GetProperty("id").GetInt32(), m.GetProperty("from").GetInt32(),
                m.GetProperty("to").GetInt32(), m.GetProperty("body").GetString()!))
            .ToList();
    }
}
