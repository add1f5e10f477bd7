using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Messages;

/// <summary>
/// The paging of a conversation's history: <c>limit</c> with at most one anchor, <c>before</c>, <c>after</c> or
/// <c>around</c> (a message of this conversation), checked.
/// </summary>
public sealed record HistoryQuery(int? Limit, MessageDocument? Before, MessageDocument? After, MessageDocument? Around)
{
    public const int MaxLimit = 1000;
    public const int DefaultLimit = 50;

    /// <summary>Whether the answer is a page (and carries links): a limit, or an anchor other than <c>before</c>.</summary>
    public bool IsPage => Limit is not null || After is not null || Around is not null;

    public static Outcome<HistoryQuery> Parse(string? limit, string? before, string? after, string? around,
        int caller, int other, MessageStore messages)
    {
        int? n = null;
        if (limit is not null)
        {
            if (!int.TryParse(limit, out var parsed) || parsed is < 1 or > MaxLimit)
                return Failure.Invalid("limit", $"must be a whole number from 1 to {MaxLimit}");
            n = parsed;
        }
        if (new[] { before, after, around }.Count(a => a is not null) > 1)
            return Failure.Invalid("before", "give at most one of before, after and around");
        var (name, value) = before is not null ? ("before", before) : after is not null ? ("after", after) : ("around", around);
        MessageDocument? anchor = null;
        if (value is not null)
        {
            // A message of another conversation is refused like a missing one: nothing leaks.
            anchor = int.TryParse(value, out var id) ? messages.FindById(id) : null;
            if (anchor is null || !MessageStore.IsInConversation(anchor, caller, other))
                return Failure.Invalid(name, "must be the id of a message in this conversation");
        }
        return name switch
        {
            "before" => new HistoryQuery(n, anchor, null, null),
            "after" => new HistoryQuery(n ?? DefaultLimit, null, anchor, null),
            _ => new HistoryQuery(anchor is null ? n : n ?? DefaultLimit, null, null, anchor),
        };
    }
}

/// <summary>
/// Some history, newest first. For a page: its limit, and the anchor of the page of older messages
/// (<see cref="Older"/>) and of newer ones (<see cref="Newer"/>), e.g. <c>before=41</c>; null where there are none.
/// </summary>
public sealed record HistoryPage(List<MessageDocument> Messages, int? Limit, string? Older, string? Newer);
