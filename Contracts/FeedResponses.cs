using System.Text.Json.Serialization;
using ChatApp.Data;

namespace ChatApp.Contracts;

/// <summary>One entry of a user's feed: exactly the fields of its type (the others are left out, not null).</summary>
public sealed record EventResponse(int Seq, string Type, DateTime At)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MessageResponse? Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? With { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ReaderId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? UpTo { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? UserId { get; init; }

    /// <param name="e">A message event must carry its message (<see cref="EventDocument.Message"/>).</param>
    public static EventResponse Of(EventDocument e) => new(e.Seq, e.Type, Time.FromUnixMs(e.At))
    {
        Message = e.Message is { } m ? MessageResponse.Of(m) : null,
        With = e.With,
        ReaderId = e.ReaderId,
        UpTo = e.UpTo,
        UserId = e.UserId,
    };
}

public sealed record SyncResponse(List<EventResponse> Events, int Next, bool HasMore);

public sealed record ResumeResponse(int Next);
