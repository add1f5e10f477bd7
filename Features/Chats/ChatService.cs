using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Blocks;
using ChatApp.Features.Presence;

namespace ChatApp.Features.Chats;

/// <summary>The conversation list: one range read of the caller's rows; the other side's state as they let it show.</summary>
public sealed class ChatService(ChatStore chats, UserStore users, UserStateStore states, PresenceService presence, BlockService blocks)
{
    public List<ChatResponse> List(int callerId) => chats.ForUser(callerId).ConvertAll(chat =>
    {
        var other = states.Get(chat.OtherId);
        // Neither receipts nor presence cross a block.
        var open = !blocks.EitherBlocks(callerId, chat.OtherId);
        return ChatResponse.Of(chat, open && other.ShareReadReceipts, open && other.SharePresence,
            presence.IsOnline(chat.OtherId), other.LastSeen);
    });

    /// <summary>Takes the conversation off the caller's list until a new message arrives in it; deletes nothing.</summary>
    public async Task<Outcome<bool>> HideAsync(int callerId, int otherId)
    {
        if (users.FindById(otherId) is null)
            return Failure.NotFound($"user {otherId} does not exist");
        await chats.HideAsync(callerId, otherId);
        return true;
    }
}
