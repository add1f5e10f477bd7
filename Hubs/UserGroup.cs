namespace ChatApp.Hubs;

/// <summary>
/// Every hub connection joins the group of its user. SignalR's in-memory <c>Clients.User(id)</c> compares
/// the id with every open connection on each send; a group is one dictionary lookup, so pushing a
/// message costs the same with 10 or 10,000 connections open.
/// </summary>
public static class UserGroup
{
    public static string Of(int userId) => $"user:{userId}";
}
