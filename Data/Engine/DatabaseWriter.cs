using System.Collections.Concurrent;

namespace ChatApp.Data.Engine;

/// <summary>
/// The only code that writes to LiteDB: one thread takes queued writes and hands them to
/// <see cref="DurableWrites"/> in batches (group commit), so a caller's task ends once its write is on
/// disk. One dedicated thread also keeps every LiteDB transaction on the thread that opened it.
/// </summary>
internal sealed class DatabaseWriter : IDisposable
{
    const int MaxBatch = 512;
    static readonly TimeSpan IdleCheckpointAfter = TimeSpan.FromSeconds(1);
    static readonly TimeSpan QuietGap = TimeSpan.FromMilliseconds(2);

    readonly DurableWrites _durable;
    readonly ILogger _logger;
    readonly BlockingCollection<IDurableWrite> _queue = new();
    readonly Thread _thread;
    long _nextCheckpointTry;

    public DatabaseWriter(DurableWrites durable, ILogger logger)
    {
        _durable = durable;
        _logger = logger;
        _thread = new Thread(Run) { Name = "chatapp-db-writer", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="write"/> on the writer thread, inside a transaction; the task ends once it is on disk.</summary>
    public Task<T> Enqueue<T>(Func<T> write) => Add(new PendingWrite<T>(write, _logger));

    /// <summary>
    /// Runs <paramref name="work"/> on the writer thread between batches, outside any transaction, for what
    /// LiteDB refuses inside one (checkpoints, pragmas). Anything it commits is fsynced before the task ends.
    /// </summary>
    public Task<T> EnqueueOutsideTransaction<T>(Func<T> work) => Add(new PendingWrite<T>(work, _logger) { OutsideTransaction = true });

    Task<T> Add<T>(PendingWrite<T> pending)
    {
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
        var batch = new List<IDurableWrite>(MaxBatch);
        IDurableWrite? waiting = null;
        while (waiting is not null || !_queue.IsCompleted)
        {
            var next = waiting;
            waiting = null;
            if (next is null && !_queue.TryTake(out next, IdleCheckpointAfter))
            {
                CheckpointWhileIdle();
                continue;
            }
            while (next is not null)
            {
                if (next is IOutsideTransaction { OutsideTransaction: true })
                {
                    Commit(batch);
                    _durable.RunOutsideTransaction(next);
                }
                else
                    batch.Add(next);
                next = batch.Count < MaxBatch && _queue.TryTake(out var more) ? more : null;
            }
            Commit(batch);
            // After the batch is answered, so its writers never wait for the copy. A short copy only in a
            // pause between writes: under steady load each copy's fixed cost (two fsyncs) would add up.
            if (_queue.TryTake(out waiting, QuietGap))
                Checkpoint(_durable.CheckpointIfFull);
            else
                Checkpoint(_durable.CheckpointWhileQuiet);
        }
    }

    void Commit(List<IDurableWrite> batch)
    {
        if (batch.Count == 0)
            return;
        _durable.Commit(batch);
        batch.Clear();
    }

    void CheckpointWhileIdle() => Checkpoint(_durable.Checkpoint);

    void Checkpoint(Action checkpoint)
    {
        if (Environment.TickCount64 < _nextCheckpointTry)
            return;
        try
        {
            checkpoint();
        }
        catch (Exception e)
        {
            // Nothing is lost: the log keeps every committed write. Tried again a second later, not after every batch.
            _nextCheckpointTry = Environment.TickCount64 + (long)IdleCheckpointAfter.TotalMilliseconds;
            _logger.LogError(e, "Checkpoint failed");
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    interface IOutsideTransaction
    {
        bool OutsideTransaction { get; }
    }

    sealed class PendingWrite<T>(Func<T> write, ILogger logger) : IDurableWrite, IOutsideTransaction
    {
        public bool OutsideTransaction { get; init; }

        readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        T _result = default!;

        public Task<T> Task => _done.Task;

        public void Apply() => _result = write();

        public void Complete() => _done.TrySetResult(_result);

        public void Fail(Exception error)
        {
            if (_done.TrySetException(error))
                logger.LogError(error, "A database write failed");
        }
    }
}
