using ChatApp.Data.Engine;
using LiteDB;

namespace ChatApp.Data.Schema;

/// <summary>
/// Numbered migrations, applied in order at start-up to any file below the newest version (LiteDB's
/// <c>UserVersion</c>), each once and logged. A migration commits before its number is recorded, so one
/// cut short by a crash runs again: each must be safe to re-run.
/// </summary>
internal static class SchemaVersions
{
    static readonly Migration[] All =
    [
        new(1, "indexes: unique username key, history key, token expiry; drop the old conversation-order index", lite =>
        {
            lite.GetCollection<UserDocument>(Collections.Users).EnsureIndex(u => u.Key, unique: true);
            lite.GetCollection<MessageDocument>(Collections.Messages).EnsureIndex(m => m.Key, unique: true);
            lite.GetCollection<RevokedTokenDocument>(Collections.RevokedTokens).EnsureIndex(t => t.ExpiresAt);
            // Files from before 2026-11-25 kept the conversation list under its own index; every message paid to move it.
            lite.GetCollection(Collections.Chats).DropIndex("Key");
        }),
    ];

    public static int Newest => All[^1].Version;

    public static void Apply(DatabaseFile file, ILogger logger)
    {
        var lite = file.Lite;
        var durable = new DurableWrites(file, []);
        var current = lite.UserVersion;
        if (current > Newest)
            throw new DatabaseUnavailableException(
                $"database '{file.Path}' is at schema version {current}, newer than this ChatApp knows ({Newest}): run a newer ChatApp");
        foreach (var migration in All.Where(m => m.Version > current))
        {
            logger.LogInformation("Schema: migrating {Path} to version {Version} ({Name})", file.Path, migration.Version, migration.Name);
            durable.Run(() => migration.Apply(lite));
            lite.UserVersion = migration.Version;
            file.FlushCommitted();
        }
    }

    sealed record Migration(int Version, string Name, Action<LiteDatabase> Apply);
}
