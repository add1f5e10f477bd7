using ChatApp.Data;
using ChatApp.Data.Stores;

namespace ChatApp.Bench.Floors;

/// <summary>
/// The storage floor: ChatApp's own Data layer (the same stores, writer thread, group commit and one fsync
/// of LiteDB's log per batch), called in-process with no HTTP, authentication or services in front of it.
/// </summary>
public sealed class StorageFloor : IDisposable
{
    readonly ChatDatabase _db;
    readonly UserStore _users;
    readonly MessageStore _messages;
    readonly SemaphoreSlim _creating = new(1, 1);

    public StorageFloor(string path)
    {
        _db = ChatDatabase.Open(path);
        _users = new UserStore(_db, TimeProvider.System);
        _messages = new MessageStore(_db, TimeProvider.System);
    }

    public async Task InsertAsync(int from, int to, string body) =>
        await _messages.AddAsync(await UserAsync(from), await UserAsync(to), body);

    /// <summary>User <paramref name="id"/> of the floor's own file, created (with every id below it) on first use.</summary>
    async Task<UserDocument> UserAsync(int id)
    {
        if (_users.FindById(id) is { } user)
            return user;
        await _creating.WaitAsync();
        try
        {
            while (_users.FindById(id) is null)
                await _users.CreateAsync($"floor{Guid.NewGuid():N}"[..20], "not-a-hash");
            return _users.FindById(id)!;
        }
        finally
        {
            _creating.Release();
        }
    }

    public void Dispose()
    {
        _db.Dispose();
        _creating.Dispose();
    }
}
