using LiteDB;

namespace ChatApp.Data.Schema;

/// <summary>
/// Schema version 3: read pointers and unread counts on conversation rows. Version 1 had no read state, but
/// every message one sent shows that one had read the conversation up to it, so each side's pointer is its
/// own newest message, and what the other side sent after it is unread. One pass over the history index.
/// </summary>
internal static class ReadStateBackfill
{
    const int RowsPerTransaction = 50_000;

    public static void Apply(MigrationContext migration)
    {
        var rows = new Dictionary<string, (int? ReadId, long ReadAt, int Unread, int? OtherReadId)>();
        // In history-key order: conversation by conversation, oldest first.
        foreach (var m in migration.Lite.GetCollection(Collections.Messages).Query()
                     .OrderBy("$.Key")
                     .Select("{ i: $._id, f: $.From, t: $.To, c: $.CreatedAt, d: $.Deleted }")
                     .ToEnumerable())
        {
            var (id, from, to, at, deleted) = (m["i"].AsInt32, m["f"].AsInt32, m["t"].AsInt32, m["c"].AsInt64, m["d"].IsBoolean && m["d"].AsBoolean);
            var sender = Keys.ChatId(from, to);
            rows[sender] = (id, at, 0, rows.GetValueOrDefault(sender).OtherReadId);
            if (to == from)
                continue;
            var recipient = Keys.ChatId(to, from);
            var row = rows.GetValueOrDefault(recipient);
            rows[recipient] = (row.ReadId, row.ReadAt, row.Unread + (deleted ? 0 : 1), id);
        }
        var chats = migration.Lite.GetCollection<ChatDocument>(Collections.Chats);
        foreach (var chunk in rows.Chunk(RowsPerTransaction))
            migration.Run(_ =>
            {
                foreach (var (id, (readId, readAt, unread, otherReadId)) in chunk)
                    if (chats.FindById(id) is { } doc)
                    {
                        (doc.LastReadId, doc.LastReadAt, doc.UnreadCount, doc.OtherReadId) = (readId, readAt, unread, otherReadId);
                        chats.Update(doc);
                    }
            });
        migration.Log.LogInformation("Schema: version 3: read state of {Rows:N0} conversation rows", rows.Count);
    }
}
