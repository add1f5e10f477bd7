using ChatApp.Data.Engine;
using ChatApp.Data.Schema;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatApp.Data;

/// <summary>
/// The opened database: the file at its newest schema version, its collections, id sequences and the
/// one writer every change goes through. The stores are its public face; LiteDB stays inside Data/.
/// </summary>
public sealed class ChatDatabase : IDisposable
{
    readonly DatabaseFile _file;

    internal ILiteCollection<UserDocument> Users { get; }
    internal ILiteCollection<MessageDocument> Messages { get; }
    internal ILiteCollection<ChatDocument> Chats { get; }
    internal ILiteCollection<RevokedTokenDocument> RevokedTokens { get; }
    internal ILiteCollection<EventDocument> Events { get; }
    internal ILiteCollection<ClientIdDocument> ClientIds { get; }
    internal ILiteCollection<UserStateDocument> UserState { get; }
    internal Feed Feed { get; }
    internal IdSequences Ids { get; }
    internal ChatSummaries Summaries { get; }
    internal DatabaseWriter Writer { get; }

    public string Path => _file.Path;

    /// <summary>The engine itself, for tests that inspect what a write left in the file.</summary>
    internal LiteDatabase Lite => _file.Lite;

    ChatDatabase(DatabaseFile file, ILogger logger)
    {
        _file = file;
        var lite = file.Lite;
        Users = lite.GetCollection<UserDocument>(Collections.Users);
        Messages = lite.GetCollection<MessageDocument>(Collections.Messages);
        Chats = lite.GetCollection<ChatDocument>(Collections.Chats);
        RevokedTokens = lite.GetCollection<RevokedTokenDocument>(Collections.RevokedTokens);
        Events = lite.GetCollection<EventDocument>(Collections.Events);
        ClientIds = lite.GetCollection<ClientIdDocument>(Collections.ClientIds);
        UserState = lite.GetCollection<UserStateDocument>(Collections.UserState);
        Ids = new IdSequences(lite);
        Summaries = new ChatSummaries(Chats);
        Feed = new Feed(Events);
        Writer = new DatabaseWriter(new DurableWrites(file, [Summaries, Feed]), logger);
    }

    /// <summary>Opens (or creates) the file, takes its lock and brings it to the newest schema version.</summary>
    /// <exception cref="DatabaseUnavailableException">locked, unreadable, or not a LiteDB file</exception>
    public static ChatDatabase Open(string path, ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var file = DatabaseFile.Open(path);
        try
        {
            SchemaVersions.Apply(file, loggers.CreateLogger("ChatApp.Schema"));
            return new ChatDatabase(file, loggers.CreateLogger("ChatApp.Data"));
        }
        catch (Exception e) when (e is not DatabaseUnavailableException)
        {
            file.Dispose();
            throw new DatabaseUnavailableException($"cannot open database '{file.Path}': {e.Message}");
        }
    }

    /// <summary>The schema version the file is at (LiteDB's user version).</summary>
    public int SchemaVersion => _file.Lite.UserVersion;

    /// <summary>Whether the file answers a read (one index seek, no scan): for the health check.</summary>
    public void Ping() => Users.FindById(0);

    /// <summary>Wrap every read of a request in this: it never sees a commit that is not on disk yet.</summary>
    internal DatabaseFile.Visible ReadDurable() => _file.ReadDurable();

    public void Dispose()
    {
        Writer.Dispose();
        _file.Dispose();
    }
}
