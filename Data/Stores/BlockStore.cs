using System.Collections.Concurrent;

namespace ChatApp.Data.Stores;

/// <summary>
/// Who blocks whom. Asked on every send, typing call, presence change and receipt, so all blocks are
/// mirrored in memory (a few bytes each; people block few others).
/// </summary>
public sealed class BlockStore
{
    readonly ChatDatabase _db;
    readonly TimeProvider _clock;
    // Each block and when it was made (for the order of GET /blocks).
    readonly ConcurrentDictionary<(int Blocker, int Blocked), long> _blocks;

    public BlockStore(ChatDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
        using (db.ReadDurable())
            _blocks = new(db.Blocks.FindAll().Select(b => KeyValuePair.Create((b.Blocker, b.Blocked), b.CreatedAt)));
    }

    public bool EitherBlocks(int a, int b) => _blocks.ContainsKey((a, b)) || _blocks.ContainsKey((b, a));

    /// <summary>Whom the user blocks, in the order they were blocked: one range of the primary index, not a pass over everyone's blocks.</summary>
    public List<int> BlockedBy(int blocker)
    {
        var prefix = Keys.BlocksBy(blocker);
        using (_db.ReadDurable())
            return _db.Blocks.Query().Where("_id BETWEEN @0 AND @1", prefix, prefix + Keys.RangeEnd).ToList()
                .OrderBy(b => b.CreatedAt).ThenBy(b => b.Blocked).Select(b => b.Blocked).ToList();
    }

    public async Task BlockAsync(int blocker, int blocked)
    {
        var block = await _db.Writer.Enqueue(() =>
        {
            var block = _db.Blocks.FindById(Keys.Block(blocker, blocked)) ?? new BlockDocument
            {
                Id = Keys.Block(blocker, blocked),
                Blocker = blocker,
                Blocked = blocked,
                CreatedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            _db.Blocks.Upsert(block);
            return block;
        });
        _blocks[(blocker, blocked)] = block.CreatedAt;
    }

    public async Task UnblockAsync(int blocker, int blocked)
    {
        await _db.Writer.Enqueue(() => _db.Blocks.Delete(Keys.Block(blocker, blocked)));
        _blocks.TryRemove((blocker, blocked), out _);
    }

    /// <summary>Forgets every block from or of a deleted user (the documents went with the account).</summary>
    internal void ForgetUser(int userId)
    {
        foreach (var key in _blocks.Keys)
            if (key.Blocker == userId || key.Blocked == userId)
                _blocks.TryRemove(key, out _);
    }
}
