using System.Collections.Concurrent;

namespace ChatApp.Data;

/// <summary>
/// The only code that writes to LiteDB while the server runs: one thread takes queued writes, applies a
/// batch in one transaction, makes it durable with one fsync of the log and only then completes the
/// callers (group commit). LiteDB writes a commit's pages to its log but never fsyncs it; that one fsync
/// makes a reply mean "on disk". One dedicated thread also keeps every transaction on the thread that
/// opened it.
/// </summary>
public sealed class DatabaseWriter : IDisposable
{
    const int MaxBatch = 512;
    static readonly TimeSpan IdleCheckpointAfter = TimeSpan.FromSeconds(1);

    readonly ChatDatabase _db;
    readonly ILogger<DatabaseWriter> _logger;
    readonly BlockingCollection<IPendingWrite> _queue = new();
    readonly Thread _thread;

    public DatabaseWriter(ChatDatabase db, ILogger<DatabaseWriter> logger)
    {
        _db = db;
        _logger = logger;
        _thread = new Thread(Run) { Name = "chatapp-db-writer", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="write"/> on the writer thread; the task ends once it is on disk.</summary>
    public Task<T> Enqueue<T>(Func<ChatDatabase, T> write)
    {
        var pending = new PendingWrite<T>(write);
        try
        {
            _queue.Add(pending);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(DatabaseWriter), "the server is shutting down");
        }
        return pending.Task;
    }

    void Run()
    {
        var batch = new List<IPendingWrite>(MaxBatch);
        while (!_queue.IsCompleted)
        {
            if (!_queue.TryTake(out var first, IdleCheckpointAfter))
            {
                CheckpointWhileIdle();
                continue;
            }
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.TryTake(out var next))
                batch.Add(next);
            WriteBatch(batch);
            batch.Clear();
        }
    }

    void WriteBatch(List<IPendingWrite> batch)
    {
        if (!TryCommit(batch))
        {
            // One write of the batch failed and took the transaction with it: redo each alone,
            // so only the faulty one fails.
            if (batch.Count > 1)
                foreach (var write in batch)
                    TryCommit([write]);
        }
        try
        {
            _db.FlushCommitted();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Flushing the log failed; {Count} writes are not confirmed on disk", batch.Count);
            foreach (var write in batch)
                write.Fail(e);
            return;
        }
        foreach (var write in batch)
            write.Complete();
    }

    /// <summary>Copies LiteDB's log into the data file when writes pause: quick to recover, and the data file alone is complete.</summary>
    void CheckpointWhileIdle()
    {
        if (_db.LogLength == 0)
            return;
        try
        {
            _db.Lite.Checkpoint();
        }
        catch (Exception e)
        {
            // Nothing is lost: the log keeps every committed write, and LiteDB retries at its own threshold.
            _logger.LogError(e, "Checkpoint failed");
        }
    }

    bool TryCommit(IReadOnlyList<IPendingWrite> writes)
    {
        try
        {
            _db.Lite.BeginTrans();
            foreach (var write in writes)
                write.Apply(_db);
            _db.Lite.Commit();
            return true;
        }
        catch (Exception e)
        {
            _db.Rollback();
            if (writes.Count == 1)
            {
                _logger.LogError(e, "A database write failed");
                writes[0].Fail(e);
            }
            return false;
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    interface IPendingWrite
    {
        void Apply(ChatDatabase db);
        void Complete();
        void Fail(Exception error);
    }

    sealed class PendingWrite<T>(Func<ChatDatabase, T> write) : IPendingWrite
    {
        readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        T _result = default!;

        public Task<T> Task => _done.Task;

        public void Apply(ChatDatabase db) => _result = write(db);

        public void Complete() => _done.TrySetResult(_result);

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
