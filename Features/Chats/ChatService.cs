using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Presence;

namespace ChatApp.Features.Chats;

/// <summary>The conversation list: one range read of the caller's rows; the other side's state as they let it show.</summary>
public sealed class ChatService(ChatStore chats, UserStateStore states, PresenceService presence)
{
    public List<ChatResponse> List(int callerId) => chats.ForUser(callerId).ConvertAll(chat =>
    {
        var other = states.Get(chat.OtherId);
        return ChatResponse.Of(chat, other.ShareReadReceipts, other.SharePresence, presence.IsOnline(chat.OtherId), other.LastSeen);
    });
}
