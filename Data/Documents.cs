namespace ChatApp.Data;

public sealed class UserDocument
{
    public int Id { get; set; }
    public string Username { get; set; } = "";
    /// <summary>Lower-invariant username under a unique index: names are unique ignoring case.</summary>
    public string Key { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public long CreatedAt { get; set; }
    /// <summary>Set by an admin: the user cannot log in and no token of theirs works.</summary>
    public bool Disabled { get; set; }
    /// <summary>A deleted account keeps its document (so its id is never handed out again) but nothing else.</summary>
    public bool Deleted { get; set; }
    /// <summary>Tokens issued before this (Unix ms) that are not sessions (issued before version 2) no longer work.</summary>
    public long TokensNotBefore { get; set; }
}

/// <summary>One login: the token it issued (by its id) and when that token expires.</summary>
public sealed class SessionDocument
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public string TokenId { get; set; } = "";
    public long CreatedAt { get; set; }
    public long ExpiresAt { get; set; }
}

/// <summary>The blocker does not want to hear from the blocked user (see <see cref="Keys.Block"/>).</summary>
public sealed class BlockDocument
{
    public string Id { get; set; } = "";
    public int Blocker { get; set; }
    public int Blocked { get; set; }
    public long CreatedAt { get; set; }
}

/// <summary>An invite code for sign-up in invite mode.</summary>
public sealed class InviteDocument
{
    public string Id { get; set; } = "";
    public int UsesLeft { get; set; }
    public long? ExpiresAt { get; set; }
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
    /// <summary>The sender's idempotency key, or null.</summary>
    public string? ClientId { get; set; }
    public long? EditedAt { get; set; }
    public bool Deleted { get; set; }
    /// <summary>The feed events that hold a copy of this message, so a delete can erase every copy (null in copies).</summary>
    public List<string>? EventIds { get; set; }

    /// <summary>A copy to embed in an event or a conversation row: the message as it is now, without <see cref="EventIds"/>.</summary>
    public MessageDocument Snapshot()
    {
        var copy = (MessageDocument)MemberwiseClone();
        copy.EventIds = null;
        return copy;
    }
}

/// <summary>
/// One entry of a user's feed, stored in a <see cref="FeedChunkDocument"/>. Its id is owner + seq (see
/// <see cref="Keys.Event"/>). A message event holds a copy of the message as its change left it (events that
/// schema version 2 made from version-1 messages hold only the id, and readers look the message up).
/// </summary>
public sealed class EventDocument
{
    public string Id { get; set; } = "";
    public int Owner { get; set; }
    public int Seq { get; set; }
    public string Type { get; set; } = "";
    public long At { get; set; }
    public int? MessageId { get; set; }
    public int? With { get; set; }
    public int? ReaderId { get; set; }
    public int? UpTo { get; set; }
    public int? UserId { get; set; }

    /// <summary>The message as the change that made this event left it (a tombstone once the message is deleted).</summary>
    public MessageDocument? Message { get; set; }
}

/// <summary>
/// A run of one user's feed: the events one transaction appended to it (at most <see cref="MaxEvents"/>), in seq
/// order. Its id is owner + the seq of its last event, so a feed is one range of the primary index and the chunk
/// holding seq s is the first at or after <c>Keys.Event(owner, s)</c>. One document per transaction and owner, not
/// per event: a batch of sends in one conversation adds two index entries, not two per message.
/// </summary>
public sealed class FeedChunkDocument
{
    public const int MaxEvents = 128;

    public string Id { get; set; } = "";
    public List<EventDocument> Events { get; set; } = [];

    /// <summary>One feed's events, in seq order, as chunks of at most <see cref="MaxEvents"/>.</summary>
    public static IEnumerable<FeedChunkDocument> Split(IEnumerable<EventDocument> events) =>
        events.Chunk(MaxEvents).Select(run => new FeedChunkDocument { Id = run[^1].Id, Events = [.. run] });
}

/// <summary>A sender's idempotency key (<see cref="Keys.ClientId"/>) and the message it created.</summary>
public sealed class ClientIdDocument
{
    public string Id { get; set; } = "";
    public int MessageId { get; set; }
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
    /// <summary>The owner's read pointer (a message id) and that message's time, or null: nothing read yet.</summary>
    public int? LastReadId { get; set; }
    public long LastReadAt { get; set; }
    /// <summary>Messages from the other user after the owner's pointer, not deleted: kept here so lists never count.</summary>
    public int UnreadCount { get; set; }
    /// <summary>The other user's read pointer in this conversation (shown only while they share read receipts).</summary>
    public int? OtherReadId { get; set; }
    /// <summary>Left out of the owner's list until a new message arrives in the conversation.</summary>
    public bool Hidden { get; set; }
}

/// <summary>Per-user settings and presence that survive a restart; a user without one has the defaults.</summary>
public sealed class UserStateDocument
{
    public int Id { get; set; }
    public bool ShareReadReceipts { get; set; } = true;
    public bool SharePresence { get; set; } = true;
    public long? LastSeen { get; set; }
}

public sealed class RevokedTokenDocument
{
    public string Id { get; set; } = "";
    public long ExpiresAt { get; set; }
}
