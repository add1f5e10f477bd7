using ChatApp.Data.Engine;

namespace ChatApp.Data.Schema;

/// <summary>
/// Numbered migrations, applied in order at start-up to any file below the newest version (LiteDB's
/// <c>UserVersion</c>), each once and logged. A migration's number is recorded only after all its writes
/// are on disk, so one cut short by a crash runs again: each must be safe to re-run.
/// </summary>
internal static class SchemaVersions
{
    static readonly Migration[] All =
    [
        new(1, "indexes: unique username key, history key, token expiry; drop the old conversation-order index", m => m.Run(lite =>
        {
            lite.GetCollection<UserDocument>(Collections.Users).EnsureIndex(u => u.Key, unique: true);
            lite.GetCollection<MessageDocument>(Collections.Messages).EnsureIndex(m => m.Key, unique: true);
            lite.GetCollection<RevokedTokenDocument>(Collections.RevokedTokens).EnsureIndex(t => t.ExpiresAt);
            // Files from before 2026-11-25 kept the conversation list under its own index; every message paid to move it.
            lite.GetCollection(Collections.Chats).DropIndex("Key");
        })),
        new(2, "feeds: every stored message becomes message.created in both participants' feeds, in time order", FeedBackfill.Apply),
        new(3, "read state: each side's pointer at its own newest message, unread counts on conversation rows", ReadStateBackfill.Apply),
        new(4, "accounts: sessions by user", m => m.Run(lite =>
            lite.GetCollection<SessionDocument>(Collections.Sessions).EnsureIndex(s => s.UserId))),
        new(5, "feeds in chunks: the events one write appends to a feed are one document", FeedChunking.Apply),
    ];

    public static int Newest => All[^1].Version;

    public static void Apply(DatabaseFile file, ILogger logger)
    {
        var lite = file.Lite;
        var current = lite.UserVersion;
        if (current > Newest)
            throw new DatabaseUnavailableException(
                $"database '{file.Path}' is at schema version {current}, newer than this ChatApp knows ({Newest}): run a newer ChatApp");
        var context = new MigrationContext(file, new DurableWrites(file, []), logger);
        foreach (var migration in All.Where(m => m.Version > current))
        {
            logger.LogInformation("Schema: migrating {Path} to version {Version} ({Name})", file.Path, migration.Version, migration.Name);
            migration.Apply(context);
            lite.UserVersion = migration.Version;
            file.FlushCommitted();
        }
    }

    sealed record Migration(int Version, string Name, Action<MigrationContext> Apply);
}

/// <summary>What a migration may do: durable writes (one or many transactions) and progress lines.</summary>
internal sealed class MigrationContext(DatabaseFile file, DurableWrites durable, ILogger logger)
{
    public LiteDB.LiteDatabase Lite => file.Lite;

    public ILogger Log => logger;

    /// <summary>One transaction, on disk when this returns.</summary>
    public void Run(Action<LiteDB.LiteDatabase> write) => durable.Run(() => write(file.Lite));

    /// <summary>For what LiteDB refuses inside a transaction (dropping a collection); on disk when this returns.</summary>
    public void RunOutsideTransaction(Action<LiteDB.LiteDatabase> write) => durable.RunOutsideTransaction(() => write(file.Lite));
}
