namespace ChatApp.Data;

public sealed class UserDocument
{
    public int Id { get; set; }
    public string Username { get; set; } = "";
    /// <summary>Lower-invariant username under a unique index: names are unique ignoring case.</summary>
    public string Key { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public long CreatedAt { get; set; }
}

public sealed class MessageDocument
{
    public int Id { get; set; }
    public int From { get; set; }
    public int To { get; set; }
    public long CreatedAt { get; set; }
    public string Body { get; set; } = "";
    /// <summary>Conversation + time + id (see <see cref="Keys"/>): one index seek reads a page of history.</summary>
    public string Key { get; set; } = "";
}

/// <summary>
/// One row of an owner's conversation list, rewritten with each newer message. Its id is owner + other
/// (see <see cref="Keys.ChatId"/>), so an owner's rows are one range of the primary index.
/// </summary>
public sealed class ChatDocument
{
    public string Id { get; set; } = "";
    public int Owner { get; set; }
    public int OtherId { get; set; }
    public string OtherUsername { get; set; } = "";
    public long OtherCreatedAt { get; set; }
    public MessageDocument Last { get; set; } = new();
}

public sealed class RevokedTokenDocument
{
    public string Id { get; set; } = "";
    public long ExpiresAt { get; set; }
}
