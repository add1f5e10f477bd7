namespace ChatApp.Data.Engine;

/// <summary>
/// The one durable-write protocol: begin, apply, commit, or roll back and reset every cache that
/// mirrors the store, then one fsync of LiteDB's log before any write is reported done.
/// </summary>
internal sealed class DurableWrites(DatabaseFile file, IReadOnlyList<IStoreCache> caches)
{
    /// <summary>
    /// Applies the writes in one transaction; when one throws, the transaction is rolled back and each
    /// write is redone alone, so only the faulty one fails. Then one fsync for the whole batch. Every write
    /// ends completed or failed.
    /// </summary>
    public void Commit(IReadOnlyList<IDurableWrite> writes)
    {
        var failed = new bool[writes.Count];
        if (!TryCommit(writes, out var error))
        {
            if (writes.Count == 1)
                Fail(0, error!);
            else
                for (var i = 0; i < writes.Count; i++)
                    if (!TryCommit([writes[i]], out var alone))
                        Fail(i, alone!);
        }
        try
        {
            file.FlushCommitted();
        }
        catch (Exception e)
        {
            for (var i = 0; i < writes.Count; i++)
                if (!failed[i])
                    writes[i].Fail(e);
            return;
        }
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
    }

    bool TryCommit(IReadOnlyList<IDurableWrite> writes, out Exception? error)
    {
        try
        {
            file.Lite.BeginTrans();
            foreach (var write in writes)
                write.Apply();
            file.Lite.Commit();
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
        foreach (var cache in caches)
            cache.Reset();
    }

    /// <summary>Copies LiteDB's log into the data file: quick to recover, and the data file alone is complete.</summary>
    public void Checkpoint()
    {
        if (file.LogLength > 0)
            file.Lite.Checkpoint();
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

/// <summary>An in-memory mirror of stored data, dropped when a transaction that may have changed it rolls back.</summary>
internal interface IStoreCache
{
    void Reset();
}
