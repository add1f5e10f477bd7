namespace ChatApp.Contracts;

public sealed record SettingsResponse(bool ShareReadReceipts, bool SharePresence);

public sealed record UnreadResponse(int Messages, int Chats);

/// <summary><c>chat:typing</c>: who is typing to the receiving user.</summary>
public sealed record TypingResponse(int From, string Username);

/// <summary><c>chat:presence</c>: a conversation partner came online or went offline.</summary>
public sealed record PresenceResponse(int UserId, bool Online, DateTime? LastSeen);

public sealed record SessionResponse(int Id, DateTime CreatedAt, DateTime ExpiresAt, bool Current)
{
    public static SessionResponse Of(Data.SessionDocument s, bool current) =>
        new(s.Id, Time.FromUnixMs(s.CreatedAt), Time.FromUnixMs(s.ExpiresAt), current);
}
