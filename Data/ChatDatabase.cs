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
    internal ILiteCollection<FeedChunkDocument> FeedChunks { get; }
    internal ILiteCollection<ClientIdDocument> ClientIds { get; }
    internal ILiteCollection<UserStateDocument> UserState { get; }
    internal ILiteCollection<SessionDocument> Sessions { get; }
    internal ILiteCollection<BlockDocument> Blocks { get; }
    internal ILiteCollection<InviteDocument> Invites { get; }
    internal Feed Feed { get; }
    internal IdSequences Ids { get; }
    internal ChatSummaries Summaries { get; }
    internal ChatLists Lists { get; }
    internal DatabaseWriter Writer { get; }

    public string Path => _file.Path;

    /// <summary>The engine itself, for tests that inspect what a write left in the file.</summary>
    internal LiteDatabase Lite => _file.Lite;

    ChatDatabase(DatabaseFile file, ILogger logger, IReadOnlyList<ITransactionObserver> observers)
    {
        _file = file;
        var lite = file.Lite;
        Users = lite.GetCollection<UserDocument>(Collections.Users);
        Messages = lite.GetCollection<MessageDocument>(Collections.Messages);
        Chats = lite.GetCollection<ChatDocument>(Collections.Chats);
        RevokedTokens = lite.GetCollection<RevokedTokenDocument>(Collections.RevokedTokens);
        FeedChunks = lite.GetCollection<FeedChunkDocument>(Collections.Feed);
        ClientIds = lite.GetCollection<ClientIdDocument>(Collections.ClientIds);
        UserState = lite.GetCollection<UserStateDocument>(Collections.UserState);
        Sessions = lite.GetCollection<SessionDocument>(Collections.Sessions);
        Blocks = lite.GetCollection<BlockDocument>(Collections.Blocks);
        Invites = lite.GetCollection<InviteDocument>(Collections.Invites);
        Ids = new IdSequences(lite);
        Lists = new ChatLists();
        Summaries = new ChatSummaries(Chats, Lists);
        Feed = new Feed(FeedChunks);
        Writer = new DatabaseWriter(new DurableWrites(file, [Summaries, Feed, Lists, .. observers]), logger);
    }

    /// <summary>Opens (or creates) the file, takes its lock and brings it to the newest schema version.</summary>
    /// <exception cref="DatabaseUnavailableException">locked, unreadable, or not a LiteDB file</exception>
    public static ChatDatabase Open(string path, ILoggerFactory? loggers = null) => Open(path, loggers, []);

    /// <param name="observers">Follow every transaction after the built-in observers: tests that hold a write between its commit and its fsync.</param>
    internal static ChatDatabase Open(string path, ILoggerFactory? loggers, IReadOnlyList<ITransactionObserver> observers)
    {
        loggers ??= NullLoggerFactory.Instance;
        var file = DatabaseFile.Open(path);
        try
        {
            SchemaVersions.Apply(file, loggers.CreateLogger("ChatApp.Schema"));
            return new ChatDatabase(file, loggers.CreateLogger("ChatApp.Data"), observers);
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

    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="destination"/> while the server keeps
    /// running. The writer copies LiteDB's log into the data file (a checkpoint: the only pause for writes)
    /// and turns automatic checkpoints off; the data file then changes no more until they are back on, so it
    /// is copied as it was at that instant while new writes go to the log.
    /// </summary>
    public async Task BackupAsync(string destination)
    {
        var full = System.IO.Path.GetFullPath(destination);
        if (full == Path)
            throw new IOException("a backup cannot overwrite the database itself");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        await Writer.EnqueueOutsideTransaction(() => _file.FreezeDataFile());
        try
        {
            await using (var source = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true))
            await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await source.CopyToAsync(target);
                await target.FlushAsync();
                target.Flush(flushToDisk: true);
            }
            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
            await Writer.EnqueueOutsideTransaction(() => _file.ThawDataFile());
        }
    }

    /// <summary>Pages in LiteDB's log not yet copied into the data file.</summary>
    internal long LogPages => _file.LogPages;

    /// <summary>Wrap every read of a request in this: it never sees a commit that is not on disk yet.</summary>
    internal DatabaseFile.Visible ReadDurable() => _file.ReadDurable();

    public void Dispose()
    {
        Writer.Dispose();
        // A clean close leaves the data file complete and the log empty (and erased text in neither).
        try
        {
            _file.ThawDataFile();
            _file.Lite.Checkpoint();
        }
        catch (Exception e) when (e is LiteException or IOException or ObjectDisposedException)
        {
            // The log keeps every committed write; LiteDB replays it at the next start.
        }
        _file.Dispose();
    }
}
