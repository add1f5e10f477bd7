using System.Globalization;

namespace ChatApp.Data;

/// <summary>
/// Fixed-width lowercase hex keys, so that string order is numeric order and a prefix is a range.
/// Times are Unix milliseconds (11 hex digits last until the year 2527).
/// </summary>
public static class Keys
{
    /// <summary>Sorts after every hex digit: closes a prefix range.</summary>
    public const string RangeEnd = "g";

    public static string Conversation(int a, int b) =>
        a < b ? $"{a:x8}{b:x8}" : $"{b:x8}{a:x8}";

    public static string Message(int from, int to, long createdAt, int id) =>
        $"{Conversation(from, to)}{createdAt:x11}{id:x8}";

    public static string ChatId(int owner, int other) => $"{owner:x8}{other:x8}";

    public static string ChatOwner(int owner) => $"{owner:x8}";

    public static string Block(int blocker, int blocked) => $"{blocker:x8}{blocked:x8}";

    public static string BlocksBy(int blocker) => $"{blocker:x8}";

    /// <summary>A deleted user's username key: '#' is in no username, so the name is free again and never collides.</summary>
    public static string DeletedUser(int id) => $"#deleted-{id}";

    public static string Event(int owner, int seq) => $"{owner:x8}{seq:x8}";

    public static string EventOwner(int owner) => $"{owner:x8}";

    /// <summary>The owner and seq of an event id (see <see cref="Event"/>).</summary>
    public static (int Owner, int Seq) ParseEvent(string id) =>
        (int.Parse(id.AsSpan(0, 8), NumberStyles.HexNumber), int.Parse(id.AsSpan(8, 8), NumberStyles.HexNumber));

    /// <summary>Client ids are 1-64 characters of A-Z a-z 0-9 _ -, so the sender prefix keeps keys apart.</summary>
    public static string ClientId(int sender, string clientId) => $"{sender:x8}{clientId}";
}
