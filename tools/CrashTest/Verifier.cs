using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CrashTest;

/// <summary>What one check of the restarted server found.</summary>
sealed class Findings
{
    /// <summary>Acknowledged messages missing from the history.</summary>
    public int Lost;
    /// <summary>Acknowledged messages missing from the sender's or the recipient's feed (one per feed).</summary>
    public int MissingFromFeeds;
    /// <summary>Every account's feed length (its events are 1..N).</summary>
    public Dictionary<string, int> FeedLengths { get; } = new();
    public List<string> Problems { get; } = new();

    public string FeedSummary => string.Join(" ", FeedLengths.Select(f => $"{f.Key}=1..{f.Value}"));
}

/// <summary>A stored message as the server sends it back, with its raw JSON for exact comparison.</summary>
sealed record Stored(int Id, int From, int To, string Body, string? ClientId, string Json)
{
    public static Stored Parse(JsonElement m) =>
        new(m.GetProperty("id").GetInt32(), m.GetProperty("from").GetInt32(), m.GetProperty("to").GetInt32(),
            m.GetProperty("body").GetString()!,
            m.TryGetProperty("client_id", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
            m.GetRawText());
}

sealed record FeedEvent(long Seq, string Type, Stored? Message);

/// <summary>
/// Reads every conversation and every account's whole feed back from the restarted server and checks
/// them against what was acknowledged and against each other.
/// </summary>
static class Verifier
{
    static readonly string[] EventFields = ["seq", "type", "at", "message"];

    /// <param name="feeds">Each account's feed as the previous check read it; replaced by the feeds read now.
    /// An event once served is durable: a later check must find the same events under the same seqs.</param>
    public static async Task<Findings> CheckAsync(Uri server, IReadOnlyList<Account> accounts,
        IReadOnlyCollection<Acknowledged> acknowledged, Dictionary<int, List<FeedEvent>> feeds)
    {
        var findings = new Findings();
        var problems = findings.Problems;
        var histories = new Histories(server, accounts);

        // 1. History: every acknowledged message exactly once, intact, in the order its writer saw it acknowledged.
        foreach (var group in acknowledged.GroupBy(a => (a.From, a.To)))
        {
            var (from, to) = group.Key;
            var sender = accounts.Single(a => a.Id == from);
            // Oldest first; only this direction (the writer that sends to this one uses the same conversation the other way).
            var sent = (await histories.ConversationAsync(from, to)).Where(m => m.From == from && m.To == to).Reverse().ToList();
            var positions = new List<int>();
            foreach (var ack in group)
            {
                var copies = sent.FindAll(m => m.Id == ack.Id);
                var sameBody = sent.FindAll(m => m.Body == ack.Body);
                var sameClientId = sent.FindAll(m => m.ClientId == ack.ClientId);
                if (copies.Count == 0)
                {
                    findings.Lost++;
                    problems.Add($"message {ack.Id} from {sender.Username} was acknowledged but is missing");
                }
                else if (copies.Count > 1 || sameBody.Count > 1 || sameClientId.Count > 1)
                    problems.Add($"message {ack.Id} from {sender.Username} ({ack.ClientId}) is stored " +
                                 $"{Math.Max(copies.Count, Math.Max(sameBody.Count, sameClientId.Count))} times");
                else if (copies[0].Body != ack.Body)
                    problems.Add($"message {ack.Id} from {sender.Username} came back with another body: {copies[0].Body}");
                else if (copies[0].ClientId != ack.ClientId)
                    problems.Add($"message {ack.Id} from {sender.Username} came back with client_id {copies[0].ClientId ?? "null"}, sent {ack.ClientId}");
                else
                    positions.Add(sent.IndexOf(copies[0]));
            }
            for (var i = 1; i < positions.Count; i++)
                if (positions[i] <= positions[i - 1])
                {
                    problems.Add($"{sender.Username}'s acknowledged messages to {to} are out of order in the history");
                    break;
                }
        }

        // 2. Feeds: 1..N without a hole, each message of the account's conversations once, nothing else.
        foreach (var owner in accounts)
        {
            var feed = await FeedAsync(server, owner, problems);
            findings.FeedLengths[owner.Username] = feed.Count;
            for (var i = 0; i < feed.Count; i++)
                if (feed[i].Seq != i + 1)
                {
                    problems.Add($"{owner.Username}'s feed is not 1..{feed.Count}: position {i + 1} holds seq {feed[i].Seq}" +
                                 (i > 0 ? $" after seq {feed[i - 1].Seq}" : ""));
                    break;
                }

            if (feeds.TryGetValue(owner.Id, out var before))
            {
                var changed = before.Zip(feed).FirstOrDefault(p => p.First.Seq != p.Second.Seq || p.First.Message?.Id != p.Second.Message?.Id);
                if (feed.Count < before.Count)
                    problems.Add($"{owner.Username}'s feed shrank from {before.Count} to {feed.Count} events across the restart");
                else if (changed.First is not null)
                    problems.Add($"{owner.Username}'s event seq {changed.First.Seq} (message {changed.First.Message?.Id}) " +
                                 $"became message {changed.Second.Message?.Id} across the restart: a seq was reused");
            }
            feeds[owner.Id] = feed;

            // Where each message sits in this feed.
            var seqOf = new Dictionary<int, long>();
            foreach (var e in feed)
            {
                if (e.Type != "message.created" || e.Message is null)
                {
                    problems.Add($"{owner.Username}'s event {e.Seq} is a {e.Type}: the crash test only creates messages");
                    continue;
                }
                var m = e.Message;
                if (m.From != owner.Id && m.To != owner.Id)
                    problems.Add($"{owner.Username}'s event {e.Seq} shows message {m.Id} between {m.From} and {m.To}, not theirs");
                else if (!seqOf.TryAdd(m.Id, e.Seq))
                    problems.Add($"message {m.Id} is in {owner.Username}'s feed twice: seq {seqOf[m.Id]} and {e.Seq}");
                var other = m.From == owner.Id ? m.To : m.From;
                var stored = (await histories.ConversationAsync(owner.Id, other)).Find(s => s.Id == m.Id);
                if (stored is null)
                    problems.Add($"{owner.Username}'s event {e.Seq} refers to message {m.Id}, which the history does not have");
                else if (stored.Json != m.Json)
                    problems.Add($"{owner.Username}'s event {e.Seq} shows {m.Json}, the history {stored.Json}");
            }

            // Every message in the account's stored conversations is in its feed (acknowledged or not: the
            // feed equals the history). The conversations read are those the feed names plus the writers' own.
            var partners = new HashSet<int>(feed.Where(e => e.Message is not null)
                .Select(e => e.Message!.From == owner.Id ? e.Message.To : e.Message.From));
            foreach (var a in acknowledged.Where(a => a.From == owner.Id || a.To == owner.Id))
                partners.Add(a.From == owner.Id ? a.To : a.From);
            foreach (var partner in partners)
                foreach (var m in await histories.ConversationAsync(owner.Id, partner))
                    if (!seqOf.ContainsKey(m.Id))
                        problems.Add($"message {m.Id} ({m.From} to {m.To}) is in the history but not in {owner.Username}'s feed");

            // Every acknowledged message of this account: in its feed, in the order it was acknowledged.
            foreach (var group in acknowledged.Where(a => a.From == owner.Id || a.To == owner.Id).GroupBy(a => a.From))
            {
                long last = 0;
                foreach (var ack in group)
                {
                    if (!seqOf.TryGetValue(ack.Id, out var seq))
                    {
                        findings.MissingFromFeeds++;
                        problems.Add($"acknowledged message {ack.Id} ({ack.ClientId}) is missing from {owner.Username}'s feed");
                        continue;
                    }
                    if (seq <= last)
                        problems.Add($"in {owner.Username}'s feed, message {ack.Id} (seq {seq}) comes before a message its sender had acknowledged earlier (seq {last})");
                    last = Math.Max(last, seq);
                }
            }
        }
        return findings;
    }

    /// <summary>The whole feed through <c>GET /sync</c>, in pages of 1,000 until <c>has_more</c> is false.</summary>
    static async Task<List<FeedEvent>> FeedAsync(Uri server, Account owner, List<string> problems)
    {
        using var http = Client(server, owner);
        var events = new List<FeedEvent>();
        long since = 0;
        for (var page = 0; ; page++)
        {
            if (page > 10_000)
                throw new InvalidOperationException($"{owner.Username}'s feed did not end after 10,000 pages");
            using var response = await http.GetAsync($"/sync?since={since}&limit=1000");
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"GET /sync?since={since}&limit=1000 as {owner.Username} answered " +
                                                    $"{(int)response.StatusCode} after the restart: {await response.Content.ReadAsStringAsync()}");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var root = json.RootElement;
            var pageEvents = root.GetProperty("events").EnumerateArray().ToList();
            foreach (var e in pageEvents)
            {
                var fields = e.EnumerateObject().Select(p => p.Name).ToArray();
                if (!fields.Order().SequenceEqual(EventFields.Order()))
                    problems.Add($"{owner.Username}'s event has the fields [{string.Join(", ", fields)}], not [{string.Join(", ", EventFields)}]");
                events.Add(new FeedEvent(e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!,
                    e.TryGetProperty("message", out var m) ? Stored.Parse(m) : null));
            }
            var next = root.GetProperty("next").GetInt64();
            var hasMore = root.GetProperty("has_more").GetBoolean();
            var expectedNext = pageEvents.Count == 0 ? since : pageEvents[^1].GetProperty("seq").GetInt64();
            if (next != expectedNext)
                throw new InvalidOperationException($"GET /sync?since={since} as {owner.Username}: next is {next}, expected {expectedNext}");
            if (!hasMore)
                return events;
            if (pageEvents.Count == 0)
                throw new InvalidOperationException($"GET /sync?since={since} as {owner.Username}: no events but has_more");
            since = next;
        }
    }

    /// <summary>Conversations read once per check, from either participant's side.</summary>
    sealed class Histories(Uri server, IReadOnlyList<Account> accounts)
    {
        readonly Dictionary<(int, int), List<Stored>> _read = new();

        /// <returns>Newest first, as the server sends it.</returns>
        public async Task<List<Stored>> ConversationAsync(int a, int b)
        {
            var key = (Math.Min(a, b), Math.Max(a, b));
            if (!_read.TryGetValue(key, out var messages))
                _read[key] = messages = await HistoryAsync(server, accounts.Single(x => x.Id == a), b);
            return messages;
        }
    }

    public static async Task<List<Stored>> HistoryAsync(Uri server, Account reader, int other)
    {
        using var http = Client(server, reader);
        using var response = await http.GetAsync($"/message/{other}");
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /message/{other} answered {(int)response.StatusCode} after the restart");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return json.RootElement.EnumerateArray().Select(Stored.Parse).ToList();
    }

    public static HttpClient Client(Uri server, Account account)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
        return http;
    }
}
