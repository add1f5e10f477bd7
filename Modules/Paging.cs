using System.Diagnostics.CodeAnalysis;
using ChatApp.Data;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

/// <summary>The optional <c>?limit=N&amp;before=MESSAGE_ID</c> of a conversation's history.</summary>
public readonly record struct Paging(int? Limit, MessageDocument? Before)
{
    public const int MaxLimit = 1000;

    public static bool TryParse(string? limit, string? before, int caller, int other, MessageStore messages,
        out Paging page, [NotNullWhen(false)] out ValidationProblem? error)
    {
        page = default;
        error = null;
        int? n = null;
        if (limit is not null)
        {
            if (!int.TryParse(limit, out var parsed) || parsed is < 1 or > MaxLimit)
            {
                error = Problems.Invalid("limit", $"must be a whole number from 1 to {MaxLimit}");
                return false;
            }
            n = parsed;
        }
        MessageDocument? anchor = null;
        if (before is not null)
        {
            // A message of another conversation is refused like a missing one: nothing leaks.
            anchor = int.TryParse(before, out var id) ? messages.FindById(id) : null;
            if (anchor is null || !MessageStore.IsInConversation(anchor, caller, other))
            {
                error = Problems.Invalid("before", "must be the id of a message in this conversation");
                return false;
            }
        }
        page = new Paging(n, anchor);
        return true;
    }
}
