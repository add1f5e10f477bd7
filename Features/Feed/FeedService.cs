using ChatApp.Contracts;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Feed;

/// <summary>Reading one's own feed: <c>GET /sync</c> and the replay part of the hub's <c>Resume</c>.</summary>
public sealed class FeedService(FeedStore feed)
{
    public const int MaxLimit = 1000;
    public const int DefaultLimit = 100;
    /// <summary>A <c>Resume</c> further behind than this is refused: <c>GET /sync</c> catches up in pages.</summary>
    public const int MaxReplay = 10_000;

    public Outcome<SyncResponse> Sync(int callerId, string? since, string? limit)
    {
        if (!TryParse(since, 0, 0, int.MaxValue, out var after))
            return Failure.Invalid("since", "must be a whole number from 0");
        if (!TryParse(limit, DefaultLimit, 1, MaxLimit, out var count))
            return Failure.Invalid("limit", $"must be a whole number from 1 to {MaxLimit}");
        var page = feed.Read(callerId, after, count);
        if (after > page.Newest)
            return BeyondNewest(page.Newest);
        var events = page.Events.ConvertAll(EventResponse.Of);
        var next = events.Count > 0 ? events[^1].Seq : after;
        return new SyncResponse(events, next, next < page.Newest);
    }

    /// <summary>Checks a <c>Resume(since)</c> and gives the newest seq on disk: replay up to it, then go live.</summary>
    public Outcome<int> ResumeHead(int callerId, int since)
    {
        if (since < 0)
            return Failure.Invalid("since", "must be a whole number from 0");
        var newest = feed.NewestSeq(callerId);
        if (since > newest)
            return BeyondNewest(newest);
        if (newest - since > MaxReplay)
            return Failure.Invalid("since", $"{newest - since} events are pending, more than {MaxReplay}: " +
                $"catch up with GET /sync?since={since} first, then Resume from its next");
        return newest;
    }

    /// <summary>Events after <paramref name="after"/> up to <paramref name="upTo"/>, at most <paramref name="max"/> of them, in order.</summary>
    public List<EventResponse> Replay(int callerId, int after, int upTo, int max) =>
        feed.Read(callerId, after, Math.Min(max, upTo - after)).Events.ConvertAll(EventResponse.Of);

    static Failure BeyondNewest(int newest) =>
        Failure.Invalid("since", $"is beyond the newest event of your feed: the newest seq is {newest}");

    static bool TryParse(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        return text is null || (int.TryParse(text, out value) && value >= min && value <= max);
    }
}
