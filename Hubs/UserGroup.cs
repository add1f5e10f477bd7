namespace ChatApp.Hubs;

/// <summary>
/// Every hub connection joins the groups of its user. SignalR's in-memory <c>Clients.User(id)</c> compares
/// the id with every open connection on each send; a group is one dictionary lookup, so pushing a
/// message costs the same with 10 or 10,000 connections open.
/// </summary>
public static class UserGroup
{
    /// <summary>Every connection of the user: typing and presence.</summary>
    public static string Of(int userId) => $"user:{userId}";

    /// <summary>The user's connections that never called <c>Resume</c>: messages on the per-username event.</summary>
    public static string VersionOne(int userId) => $"v1:{userId}";
}
