using LiteDB;

namespace ChatApp.Data;

/// <summary>The next user and message ids: one above the highest stored, counted up in memory.</summary>
internal sealed class IdSequences
{
    int _lastUserId;
    int _lastMessageId;
    int _lastSessionId;

    public IdSequences(LiteDatabase lite)
    {
        _lastUserId = LastId(lite.GetCollection(Collections.Users));
        _lastMessageId = LastId(lite.GetCollection(Collections.Messages));
        _lastSessionId = LastId(lite.GetCollection(Collections.Sessions));
    }

    public int NextSessionId() => Interlocked.Increment(ref _lastSessionId);

    public int NextUserId() => Interlocked.Increment(ref _lastUserId);

    public int NextMessageId() => Interlocked.Increment(ref _lastMessageId);

    static int LastId(ILiteCollection<BsonDocument> collection)
    {
        var last = collection.Query().OrderByDescending("_id").Limit(1).FirstOrDefault();
        return last is null ? 0 : last["_id"].AsInt32;
    }
}
