using System.Diagnostics;

namespace ChatApp.Data.Engine;

/// <summary>
/// The one durable-write protocol: begin, apply, commit, or roll back and reset every cache that
/// mirrors the store, then one fsync of LiteDB's log before any write is reported done.
/// </summary>
internal sealed class DurableWrites(DatabaseFile file, IReadOnlyList<ITransactionObserver> observers)
{
    /// <summary>
    /// Applies the writes in one transaction; when one throws, the transaction is rolled back and each
    /// write is redone alone, so only the faulty one fails. Then one fsync for the whole batch. Every write
    /// ends completed or failed, and readers see the batch only once it is on disk.
    /// </summary>
    public void Commit(IReadOnlyList<IDurableWrite> writes)
    {
        var failed = new bool[writes.Count];
        DataMetrics.BatchSize.Record(writes.Count);
        try
        {
            CommitAndFlush(writes, failed);
        }
        finally
        {
            file.ShowToReaders();
        }
    }

    /// <summary>Checkpoints once the log reaches its size limit. Call after a commit, once its writes are answered.</summary>
    public void CheckpointIfFull()
    {
        if (file.LogPages >= DatabaseFile.CheckpointPages)
            Checkpoint();
    }

    /// <summary>A shorter checkpoint, for when no write is waiting: many small copies keep each stall short.</summary>
    public void CheckpointWhileQuiet()
    {
        if (file.LogPages >= DatabaseFile.QuietCheckpointPages)
            Checkpoint();
    }

    void CommitAndFlush(IReadOnlyList<IDurableWrite> writes, bool[] failed)
    {
        if (!TryCommit(writes, out var error))
        {
            if (writes.Count == 1)
                Fail(0, error!);
            else
                for (var i = 0; i < writes.Count; i++)
                    if (!TryCommit([writes[i]], out var alone))
                        Fail(i, alone!);
        }
        var flushing = Stopwatch.GetTimestamp();
        try
        {
            file.FlushCommitted();
            DataMetrics.FsyncDuration.Record(Stopwatch.GetElapsedTime(flushing).TotalSeconds);
        }
        catch (Exception e)
        {
            file.ShowToReaders();
            foreach (var observer in observers)
                observer.NotDurable();
            for (var i = 0; i < writes.Count; i++)
                if (!failed[i])
                    writes[i].Fail(e);
            return;
        }
        file.ShowToReaders();
        foreach (var observer in observers)
            observer.Durable();
        for (var i = 0; i < writes.Count; i++)
            if (!failed[i])
                writes[i].Complete();

        void Fail(int i, Exception e)
        {
            failed[i] = true;
            writes[i].Fail(e);
        }
    }

    /// <summary>Applies one write alone and returns once it is on disk; throws what it threw, after the rollback.</summary>
    public void Run(Action apply)
    {
        var write = new SingleWrite(apply);
        Commit([write]);
        if (write.Error is { } error)
            throw error;
        CheckpointIfFull();
    }

    /// <summary>
    /// For the few LiteDB operations that refuse an explicit transaction (dropping a collection): LiteDB
    /// commits it on its own, then the same fsync. Migrations only, while nothing else writes.
    /// </summary>
    public void RunOutsideTransaction(Action apply) => RunOutsideTransaction(new SingleWrite(apply));

    /// <summary>The same for a queued write: completed once on disk, or failed with what it threw.</summary>
    public void RunOutsideTransaction(IDurableWrite write)
    {
        try
        {
            file.HideFromReaders();
            write.Apply();
            file.FlushCommitted();
        }
        catch (Exception e)
        {
            file.ShowToReaders();
            write.Fail(e);
            if (write is SingleWrite)
                throw;
            return;
        }
        finally
        {
            file.ShowToReaders();
        }
        write.Complete();
    }

    bool TryCommit(IReadOnlyList<IDurableWrite> writes, out Exception? error)
    {
        try
        {
            file.Lite.BeginTrans();
            foreach (var write in writes)
                write.Apply();
            foreach (var observer in observers)
                observer.Committing();
            // From here until the fsync, readers wait: nothing a crash could take back is ever read.
            file.HideFromReaders();
            file.Lite.Commit();
            foreach (var observer in observers)
                observer.Committed();
            error = null;
            return true;
        }
        catch (Exception e)
        {
            Rollback();
            error = e;
            return false;
        }
    }

    void Rollback()
    {
        file.Lite.Rollback();
        foreach (var observer in observers)
            observer.RolledBack();
    }

    /// <summary>Copies LiteDB's log into the data file: quick to recover, and the data file alone is complete.</summary>
    public void Checkpoint()
    {
        if (file.LogLength == 0 || file.IsFrozen)
            return;
        var started = Stopwatch.GetTimestamp();
        var pages = file.LogPages;
        file.Lite.Checkpoint();
        DataMetrics.CheckpointDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        DataMetrics.CheckpointPages.Record(pages);
    }
}

sealed class SingleWrite(Action apply) : IDurableWrite
{
    public Exception? Error { get; private set; }

    public void Apply() => apply();

    public void Complete() { }

    public void Fail(Exception error) => Error ??= error;
}

/// <summary>One write of a batch: <see cref="Apply"/> runs inside the transaction, then exactly one of the other two.</summary>
internal interface IDurableWrite
{
    void Apply();
    void Complete();
    void Fail(Exception error);
}

/// <summary>
/// Something that keeps state beside the store and must follow each transaction: a cache dropped when a
/// transaction rolls back, a list of changes announced once they are durable.
/// </summary>
internal interface ITransactionObserver
{
    /// <summary>Every write of the current transaction is applied and it is about to commit: write what was held back.</summary>
    void Committing() { }

    /// <summary>The current transaction committed (it is not on disk yet).</summary>
    void Committed() { }

    /// <summary>The current transaction rolled back: forget whatever it did.</summary>
    void RolledBack() { }

    /// <summary>Every transaction committed since the last call is on disk.</summary>
    void Durable() { }

    /// <summary>The fsync failed: what was committed since the last <see cref="Durable"/> is not confirmed.</summary>
    void NotDurable() { }
}
