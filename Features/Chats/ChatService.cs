using ChatApp.Contracts;
using ChatApp.Data.Stores;

namespace ChatApp.Features.Chats;

public sealed class ChatService(ChatStore chats)
{
    public List<ChatResponse> List(int callerId) => chats.ForUser(callerId).ConvertAll(ChatResponse.Of);
}
