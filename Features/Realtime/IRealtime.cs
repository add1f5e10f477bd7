using ChatApp.Contracts;
using ChatApp.Data;

namespace ChatApp.Features.Realtime;

/// <summary>The realtime transport as the services see it; the hub implements it (services never reference the hub).</summary>
public interface IRealtime
{
    /// <summary>Pushes a new message to every open connection of both participants.</summary>
    Task MessageCreatedAsync(UserDocument from, UserDocument to, MessageResponse message);

    /// <summary>Ends every open connection that was opened with this token.</summary>
    void CloseSession(string tokenId);
}
