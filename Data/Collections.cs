namespace ChatApp.Data;

/// <summary>Collection names in the file; a rename is a schema migration.</summary>
internal static class Collections
{
    public const string Users = "users";
    public const string Messages = "messages";
    public const string Chats = "chats";
    public const string RevokedTokens = "revoked_tokens";
    /// <summary>Feeds up to schema version 4: one document per event (schema 5 moves them into <see cref="Feed"/>).</summary>
    public const string Events = "events";
    public const string Feed = "feed";
    public const string ClientIds = "client_ids";
    public const string UserState = "user_state";
    public const string Sessions = "sessions";
    public const string Blocks = "blocks";
    public const string Invites = "invites";
}
