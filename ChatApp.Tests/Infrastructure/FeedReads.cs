using System.Net;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ChatApp.Tests.Infrastructure;

/// <summary>Reading a user's feed through <c>GET /sync</c>, checking each page on the way.</summary>
public static class FeedReads
{
    /// <summary>
    /// Every event from seq 1, following <c>next</c> in pages of <paramref name="limit"/> until <c>has_more</c>
    /// is false. Each page must continue the previous one exactly (seq = previous + 1).
    /// </summary>
    public static async Task<List<JToken>> WholeFeedAsync(this HttpClient client, int limit = 1000)
    {
        var events = new List<JToken>();
        var since = 0;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100_000, "GET /sync never said has_more: false");
            var page = await client.SyncPageAsync(since, limit);
            foreach (var e in page["events"]!)
            {
                Assert.Equal(since + 1, (int)e["seq"]!);
                since++;
                events.Add(e);
            }
            Assert.Equal(since, (int)page["next"]!);
            if (!(bool)page["has_more"]!)
                return events;
        }
    }

    /// <summary><c>GET /sync?since=…&amp;limit=…</c>, expecting 200.</summary>
    public static async Task<JToken> SyncPageAsync(this HttpClient client, int since, int limit)
    {
        var response = await client.GetAsync($"/sync?since={since}&limit={limit}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /sync?since={since}&limit={limit}: {(int)response.StatusCode} {text}");
        return WireJson.Parse(text);
    }

    /// <summary>An event as one line of JSON, for comparing lists of events and showing where they differ.</summary>
    public static string Line(this JToken e) => e.ToString(Formatting.None);
}
