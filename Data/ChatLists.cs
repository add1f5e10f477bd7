using ChatApp.Data.Engine;

namespace ChatApp.Data;

/// <summary>
/// Each owner's conversation rows as last read, kept for the next <c>/chats</c>, <c>/chats/unread</c> or
/// presence announcement: reading 1,000 rows from LiteDB costs ~4 ms of CPU, a cached list nothing. A
/// transaction that changes an owner's rows drops that owner's list when it commits, while readers are
/// held back (see <see cref="DatabaseFile.ReadDurable"/>); a reader fills it under the same read lock, so a
/// list is never older than what a fresh read would show.
/// </summary>
internal sealed class ChatLists : ITransactionObserver
{
    // Rows held at most (~500 bytes each with their newest message: ~10 MB); past it, it starts over.
    const int MaxRows = 20_000;

    readonly Dictionary<int, List<ChatDocument>> _lists = new();
    readonly HashSet<int> _changed = new();
    int _rows;

    /// <summary>Writer thread, inside a transaction: the owner's rows change when it commits.</summary>
    public void Changing(int owner) => _changed.Add(owner);

    /// <summary>Writer thread: everything changed at once (an account deletion).</summary>
    public void ChangingAll() => _changed.Add(-1);

    /// <summary>Call under the read lock.</summary>
    public List<ChatDocument>? Get(int owner)
    {
        lock (_lists)
            return _lists.GetValueOrDefault(owner);
    }

    /// <summary>Call under the read lock, with the rows just read.</summary>
    public void Keep(int owner, List<ChatDocument> rows)
    {
        lock (_lists)
        {
            if (_rows + rows.Count > MaxRows)
                Clear();
            if (_lists.TryAdd(owner, rows))
                _rows += rows.Count;
        }
    }

    void ITransactionObserver.Committed()
    {
        lock (_lists)
        {
            if (_changed.Contains(-1))
                Clear();
            else
                foreach (var owner in _changed)
                    if (_lists.Remove(owner, out var rows))
                        _rows -= rows.Count;
        }
        _changed.Clear();
    }

    void ITransactionObserver.RolledBack() => _changed.Clear();

    void Clear()
    {
        _lists.Clear();
        _rows = 0;
    }
}
