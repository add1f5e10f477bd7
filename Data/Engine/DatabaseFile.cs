using LiteDB;
using LiteDB.Engine;

namespace ChatApp.Data.Engine;

/// <summary>
/// The LiteDB file opened for one process: its OS lock, its log stream and the engine, and the
/// durability step (<see cref="FlushCommitted"/>). Only <see cref="DurableWrites"/> and the stores use it.
/// </summary>
internal sealed class DatabaseFile : IDisposable
{
    // LiteDB's own checkpoint runs inside Commit, before the batch's fsync and answers, so the batch that
    // crosses the threshold waits for the copy (and readers with it). It is off: DurableWrites checkpoints
    // after a batch is answered, at this size at the latest (each copy stalls writes for its length:
    // 10,000 pages gave 60-70 ms stalls, 1,000 ~10 ms) and already at QuietCheckpointPages when no write waits.
    // A lone send logs ~22 pages: at 200 sends/s a copy of 32 pages (~1 ms) fits in the gap before the next
    // send, where one of 200 (~2.5 ms) ran into it for 3-4 % of sends (storage p99 4.0-4.4 ms against 2.7-3.7).
    public const int CheckpointPages = 1_000;
    public const int QuietCheckpointPages = 32;

    readonly DatabaseLock _lock;
    readonly LiteLogStream _log;
    // Held for writing from a commit until its fsync: LiteDB shows a commit to readers at once, and a crash
    // before the fsync would take it back (and hand its ids out again). Recursion: a write may read.
    readonly ReaderWriterLockSlim _visibility = new(LockRecursionPolicy.SupportsRecursion);

    public string Path { get; }
    public LiteDatabase Lite { get; }

    DatabaseFile(string path, DatabaseLock fileLock, LiteLogStream log)
    {
        Path = path;
        _lock = fileLock;
        _log = log;
        // The global mapper trims strings and turns "" into null; message bodies are stored exactly as sent.
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        var engine = new LiteEngine(new EngineSettings { Filename = path, LogStream = log });
        Lite = new LiteDatabase(engine, mapper) { CheckpointSize = 0 };
    }

    public static DatabaseFile Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var fileLock = DatabaseLock.Acquire(full);
        LiteLogStream? log = null;
        try
        {
            log = LiteLogStream.Open(full);
            return new DatabaseFile(full, fileLock, log);
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            log?.Dispose();
            fileLock.Dispose();
            throw new DatabaseUnavailableException($"cannot open database '{full}': {e.Message}");
        }
        catch (Exception)
        {
            // LiteDB reads a file that is not one of its own as garbage and fails in odd places.
            log?.Dispose();
            fileLock.Dispose();
            throw new DatabaseUnavailableException($"cannot open database '{full}': it is not a LiteDB file, or it is damaged");
        }
    }

    /// <summary>
    /// Returns once every committed transaction is on disk. LiteDB 5.0.21 writes a transaction's pages to
    /// the log stream before Commit returns but never fsyncs it; this is that one fsync. Call after the commit.
    /// </summary>
    public void FlushCommitted() => _log.FlushToDisk();

    int _frozen;

    /// <summary>
    /// Checkpoints and stops further checkpoints (automatic or idle), so the data file stays as it is now
    /// and every later commit waits in the log. Writer thread only; undo with <see cref="ThawDataFile"/>.
    /// </summary>
    public bool FreezeDataFile()
    {
        if (_frozen++ == 0)
            Lite.Checkpoint();
        return true;
    }

    public bool ThawDataFile()
    {
        if (_frozen > 0)
            _frozen--;
        return true;
    }

    public bool IsFrozen => _frozen > 0;

    /// <summary>Until it is disposed, no commit that is not on disk yet can be seen. Keep reads inside it short and synchronous.</summary>
    public Visible ReadDurable()
    {
        _visibility.EnterReadLock();
        return new Visible(_visibility);
    }

    /// <summary>Called by the writer before a commit; readers wait until <see cref="ShowToReaders"/>.</summary>
    public void HideFromReaders()
    {
        if (!_visibility.IsWriteLockHeld)
            _visibility.EnterWriteLock();
    }

    public void ShowToReaders()
    {
        if (_visibility.IsWriteLockHeld)
            _visibility.ExitWriteLock();
    }

    public readonly struct Visible(ReaderWriterLockSlim visibility) : IDisposable
    {
        public void Dispose() => visibility.ExitReadLock();
    }

    /// <summary>Bytes in LiteDB's log not yet copied into the data file.</summary>
    public long LogLength => _log.Length;

    public long LogPages => _log.Length / PageBytes;

    const int PageBytes = 8192; // LiteDB's page size

    public void Dispose()
    {
        Lite.Dispose();
        _log.Dispose();
        _lock.Dispose();
        _visibility.Dispose();
    }
}
