namespace ChatApp.Contracts;

/// <summary>
/// Every event the server invokes on hub clients besides a user's own username event. Usernames equal to
/// one of these (ignoring case) are refused at sign-up, so a user's event never collides with them.
/// </summary>
public static class EventNames
{
    public const string Echo = "echo";
    public const string ConnectedText = "you have been connected";
    /// <summary>Version 2 events carry a ':' that no username can contain, so they never collide.</summary>
    public const string FeedEvent = "chat:event";
    public const string Typing = "chat:typing";
    public const string Presence = "chat:presence";

    static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { Echo };

    public static bool IsReserved(string username) => Reserved.Contains(username);
}
