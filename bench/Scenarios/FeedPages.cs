using System.Net;
using System.Text.Json;
using ChatApp.Bench.Infrastructure;

namespace ChatApp.Bench.Scenarios;

/// <summary>One page of GET /sync: the events' seqs in the order served, <c>next</c> and <c>has_more</c>.</summary>
public sealed record SyncPage(long[] Seqs, long Next, bool HasMore, int Bytes)
{
    public static async Task<SyncPage> GetAsync(ApiClient api, string token, long since, int limit)
    {
        var (status, body) = await api.GetBytesAsync($"/sync?since={since}&limit={limit}", token);
        if (status != HttpStatusCode.OK)
            throw new InvalidOperationException(
                $"GET /sync?since={since}&limit={limit}: {(int)status} {System.Text.Encoding.UTF8.GetString(body)}");
        return Parse(body);
    }

    public static SyncPage Parse(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var events = root.GetProperty("events");
        var seqs = new long[events.GetArrayLength()];
        var i = 0;
        foreach (var e in events.EnumerateArray())
            seqs[i++] = e.GetProperty("seq").GetInt64();
        return new SyncPage(seqs, root.GetProperty("next").GetInt64(), root.GetProperty("has_more").GetBoolean(), body.Length);
    }

    /// <summary>
    /// Every seq after <paramref name="since"/>, page after page until <c>has_more</c> is false (at most
    /// <paramref name="maxPages"/>), checking that each page continues the last without a hole.
    /// </summary>
    public static async Task<List<long>> AllAsync(ApiClient api, string token, long since, int limit = 1000, int maxPages = 1000)
    {
        var seqs = new List<long>();
        for (var pages = 0; pages < maxPages; pages++)
        {
            var page = await GetAsync(api, token, since, limit);
            seqs.AddRange(page.Seqs);
            since = page.Next;
            if (!page.HasMore)
                return seqs;
        }
        throw new InvalidOperationException($"GET /sync still had more after {maxPages} pages");
    }
}
