using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Messages;

/// <summary>
/// Reads the page a <see cref="HistoryQuery"/> asks for: one index range per side, one row more than the
/// page to see past its ends. Following the older and newer anchors from any page visits every message once.
/// </summary>
public static class HistoryReader
{
    public static HistoryPage Read(MessageStore messages, int a, int b, HistoryQuery query)
    {
        if (query.Around is { } around)
            return Around(messages, a, b, around, query.Limit!.Value);
        if (query.After is { } after)
        {
            var limit = query.Limit!.Value;
            var newer = messages.Newer(a, b, limit + 1, after);
            var page = newer.Take(limit).Reverse().ToList();
            // Older messages are there: the anchor at least. An empty page (the anchor is the newest) points at it.
            return new HistoryPage(page, limit,
                Older: page.Count > 0 ? $"before={page[^1].Id}" : $"around={after.Id}",
                Newer: newer.Count > limit ? $"after={page[0].Id}" : null);
        }
        if (query.Limit is not { } n)
            return new HistoryPage(messages.Older(a, b, null, query.Before), null, null, null);
        var older = messages.Older(a, b, n + 1, query.Before);
        var rows = older.Take(n).ToList();
        return new HistoryPage(rows, n,
            Older: older.Count > n ? $"before={rows[^1].Id}" : null,
            // Newer messages are there when the page starts below an anchor: the anchor at least.
            Newer: query.Before is not { } before ? null : rows.Count > 0 ? $"after={rows[0].Id}" : $"around={before.Id}");
    }

    static HistoryPage Around(MessageStore messages, int a, int b, MessageDocument anchor, int limit)
    {
        var newer = messages.Newer(a, b, limit, anchor);
        var older = messages.Older(a, b, limit, anchor);
        var rest = limit - 1;
        var newerTake = Math.Min(newer.Count, rest / 2);
        var olderTake = Math.Min(older.Count, rest - newerTake);
        newerTake = Math.Min(newer.Count, rest - olderTake);
        var page = newer.Take(newerTake).Reverse().Append(anchor).Concat(older.Take(olderTake)).ToList();
        return new HistoryPage(page, limit,
            Older: older.Count > olderTake ? $"before={page[^1].Id}" : null,
            Newer: newer.Count > newerTake ? $"after={page[0].Id}" : null);
    }
}
