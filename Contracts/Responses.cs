using ChatApp.Data;

namespace ChatApp.Contracts;

public sealed record UserResponse(int Id, string Username, DateTime DateCreated)
{
    public static UserResponse Of(UserDocument user) => new(user.Id, user.Username, Time.FromUnixMs(user.CreatedAt));
}

public sealed record MessageResponse(
    int Id, int To, int From, DateTime DateCreated, string Body, string? ClientId, DateTime? EditedAt, bool Deleted)
{
    // A deleted message's text is gone from storage too; "" here whatever a stale copy may hold.
    public static MessageResponse Of(MessageDocument m) => new(m.Id, m.To, m.From, Time.FromUnixMs(m.CreatedAt),
        m.Deleted ? "" : m.Body, m.ClientId, m.EditedAt is { } edited ? Time.FromUnixMs(edited) : null, m.Deleted);
}

public sealed record ChatResponse(int Id, string Username, DateTime DateCreated, MessageResponse LastMessage,
    int UnreadCount, int? LastReadId, int? OtherLastReadId, bool Online, DateTime? LastSeen)
{
    /// <param name="otherShares">What the other user lets the caller see (their settings), and whether they are online.</param>
    public static ChatResponse Of(ChatDocument chat, bool otherSharesReceipts, bool otherSharesPresence, bool otherOnline, long? otherLastSeen) =>
        new(chat.OtherId, chat.OtherUsername, Time.FromUnixMs(chat.OtherCreatedAt), MessageResponse.Of(chat.Last),
            chat.UnreadCount, chat.LastReadId,
            otherSharesReceipts ? chat.OtherReadId : null,
            otherSharesPresence && otherOnline,
            otherSharesPresence && !otherOnline && otherLastSeen is { } seen ? Time.FromUnixMs(seen) : null);
}

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record InfoResponse(string Message);
