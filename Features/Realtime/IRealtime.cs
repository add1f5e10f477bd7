using ChatApp.Contracts;

namespace ChatApp.Features.Realtime;

/// <summary>The realtime transport as the services see it; the hub implements it (services never reference the hub).</summary>
public interface IRealtime
{
    /// <summary>Pushes a new message to every open connection of both participants.</summary>
    Task MessageCreatedAsync(Participant from, Participant to, MessageResponse message);

    /// <summary>Sends an event to every open connection of each of the users, resumed or not.</summary>
    Task SendToUsersAsync(IReadOnlyCollection<int> userIds, string hubEvent, object payload);

    /// <summary>Ends every open connection that was opened with this token.</summary>
    void CloseSession(string tokenId);

    /// <summary>Ends every open connection of the user, except those opened with <paramref name="exceptTokenId"/>.</summary>
    void CloseUser(int userId, string? exceptTokenId = null);
}

/// <summary>A user as the realtime side addresses them: by id (their connections) and username (their event name).</summary>
public sealed record Participant(int Id, string Username);
