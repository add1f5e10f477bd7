namespace ChatApp.Bench.Floors;

// Copies of ChatApp's Data/Documents.cs shapes (same property names, so the same BSON): the storage
// floor writes exactly what ChatApp writes, without referencing the app.

public sealed class FloorMessageDocument
{
    public int Id { get; set; }
    public int From { get; set; }
    public int To { get; set; }
    public long CreatedAt { get; set; }
    public string Body { get; set; } = "";
    public string Key { get; set; } = "";
}

public sealed class FloorChatDocument
{
    public string Id { get; set; } = "";
    public int Owner { get; set; }
    public int OtherId { get; set; }
    public string OtherUsername { get; set; } = "";
    public long OtherCreatedAt { get; set; }
    public FloorMessageDocument Last { get; set; } = new();
}

public static class FloorKeys
{
    public static string Conversation(int a, int b) => a < b ? $"{a:x8}{b:x8}" : $"{b:x8}{a:x8}";

    public static string Message(int from, int to, long createdAt, int id) => $"{Conversation(from, to)}{createdAt:x11}{id:x8}";

    public static string ChatId(int owner, int other) => $"{owner:x8}{other:x8}";

}
