using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Messages;

/// <summary>The optional <c>?limit=N&amp;before=MESSAGE_ID</c> of a conversation's history, checked.</summary>
public readonly record struct HistoryPage(int? Limit, MessageDocument? Before)
{
    public const int MaxLimit = 1000;

    public static Outcome<HistoryPage> Parse(string? limit, string? before, int caller, int other, MessageStore messages)
    {
        int? n = null;
        if (limit is not null)
        {
            if (!int.TryParse(limit, out var parsed) || parsed is < 1 or > MaxLimit)
                return Failure.Invalid("limit", $"must be a whole number from 1 to {MaxLimit}");
            n = parsed;
        }
        MessageDocument? anchor = null;
        if (before is not null)
        {
            // A message of another conversation is refused like a missing one: nothing leaks.
            anchor = int.TryParse(before, out var id) ? messages.FindById(id) : null;
            if (anchor is null || !MessageStore.IsInConversation(anchor, caller, other))
                return Failure.Invalid("before", "must be the id of a message in this conversation");
        }
        return new HistoryPage(n, anchor);
    }
}
