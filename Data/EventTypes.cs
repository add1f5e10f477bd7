namespace ChatApp.Data;

/// <summary>The feed's event types, as stored and as sent.</summary>
public static class EventTypes
{
    public const string MessageCreated = "message.created";
    public const string MessageEdited = "message.edited";
    public const string MessageDeleted = "message.deleted";
    public const string ChatRead = "chat.read";
    public const string UserDeleted = "user.deleted";
}
