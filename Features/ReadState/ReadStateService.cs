using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Blocks;

namespace ChatApp.Features.ReadState;

/// <summary>
/// Read pointers: mark read (forward only), mark unread, and the unread badge. Counts are kept on the
/// conversation rows by the writer, so reading them never counts messages.
/// </summary>
public sealed class ReadStateService(UserStore users, MessageStore messages, ChatStore chats, UserStateStore states, BlockService blocks)
{
    public async Task<Outcome<bool>> MarkReadAsync(int callerId, int otherId, int? upTo)
    {
        if (Anchor(callerId, otherId, "up_to", upTo) is var anchor && anchor.Failure is { } invalid)
            return invalid;
        await chats.MoveReadPointerAsync(callerId, otherId, anchor.Value, forwardOnly: true, TellsOther(callerId, otherId));
        return true;
    }

    /// <summary>Moves the pointer back to just before <paramref name="from"/>, so it and all after it count as unread.</summary>
    public async Task<Outcome<bool>> MarkUnreadAsync(int callerId, int otherId, int? from)
    {
        if (Anchor(callerId, otherId, "from", from) is var anchor && anchor.Failure is { } invalid)
            return invalid;
        await chats.MoveReadPointerAsync(callerId, otherId, messages.Previous(anchor.Value!), forwardOnly: false, TellsOther(callerId, otherId));
        return true;
    }

    public UnreadResponse Unread(int callerId)
    {
        var rows = chats.ForUser(callerId);
        return new UnreadResponse(rows.Sum(r => r.UnreadCount), rows.Count(r => r.UnreadCount > 0));
    }

    // No receipt crosses a block.
    bool TellsOther(int callerId, int otherId) => states.Get(callerId).ShareReadReceipts && !blocks.EitherBlocks(callerId, otherId);

    Outcome<MessageDocument> Anchor(int callerId, int otherId, string field, int? messageId)
    {
        if (users.FindById(otherId) is null)
            return Failure.NotFound($"user {otherId} does not exist");
        if (messageId is not { } id)
            return Failure.Invalid(field, "is required");
        // A message of another conversation is refused like a missing one: nothing leaks.
        if (messages.FindById(id) is not { } message || !MessageStore.IsInConversation(message, callerId, otherId))
            return Failure.Invalid(field, "must be the id of a message in this conversation");
        return message;
    }
}
