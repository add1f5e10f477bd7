using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Blocks;
using ChatApp.Features.Realtime;
using Microsoft.Extensions.Options;

namespace ChatApp.Features.Presence;

/// <summary>
/// Who is online: a user is while any hub connection of theirs is open, and stays so for a grace period
/// after the last one closes. Each change is told to every conversation partner (unless the user hides
/// their presence), and the time they went offline is stored as their last seen.
/// </summary>
public sealed class PresenceService(
    IRealtime realtime, ChatStore chats, UserStateStore states, BlockService blocks, TimeProvider clock, IOptions<PresenceOptions> options,
    ILogger<PresenceService> logger)
{
    readonly Dictionary<int, UserConnections> _users = new();

    public bool IsOnline(int userId)
    {
        lock (_users)
            return _users.ContainsKey(userId);
    }

    public void Connected(int userId)
    {
        bool cameOnline;
        lock (_users)
        {
            if (_users.TryGetValue(userId, out var user))
            {
                user.Count++;
                // Back within the grace period: no one was told of the going, so no one hears of the coming.
                user.GoingOffline?.Dispose();
                user.GoingOffline = null;
                cameOnline = false;
            }
            else
            {
                _users[userId] = new UserConnections { Count = 1 };
                cameOnline = true;
            }
        }
        if (cameOnline)
            Run(AnnounceAsync(userId, new PresenceResponse(userId, true, null)));
    }

    public void Disconnected(int userId)
    {
        lock (_users)
        {
            if (!_users.TryGetValue(userId, out var user) || --user.Count > 0)
                return;
            user.GoingOffline = clock.CreateTimer(_ => GoOffline(userId, user), null,
                TimeSpan.FromSeconds(options.Value.OfflineAfterSeconds), Timeout.InfiniteTimeSpan);
        }
    }

    void GoOffline(int userId, UserConnections user)
    {
        lock (_users)
        {
            if (user.Count > 0 || !_users.TryGetValue(userId, out var current) || current != user)
                return;
            _users.Remove(userId);
            user.GoingOffline?.Dispose();
        }
        Run(GoOfflineAsync(userId));
    }

    async Task GoOfflineAsync(int userId)
    {
        var now = clock.GetUtcNow();
        await states.UpdateAsync(userId, s => s.LastSeen = now.ToUnixTimeMilliseconds());
        await AnnounceAsync(userId, new PresenceResponse(userId, false, now.UtcDateTime));
    }

    /// <summary>A user started or stopped sharing their presence: partners see them appear or vanish at once.</summary>
    public Task SharingChangedAsync(int userId, bool shares)
    {
        if (!IsOnline(userId))
            return Task.CompletedTask;
        var state = new PresenceResponse(userId, shares, null);
        return Tell(userId, state);
    }

    Task AnnounceAsync(int userId, PresenceResponse state) =>
        states.Get(userId).SharePresence ? Tell(userId, state) : Task.CompletedTask;

    Task Tell(int userId, PresenceResponse state)
    {
        var partners = chats.ForUser(userId, includeHidden: true).Select(c => c.OtherId)
            .Where(id => id != userId && !blocks.EitherBlocks(userId, id)).ToList();
        return realtime.SendToUsersAsync(partners, EventNames.Presence, state);
    }

    void Run(Task announcing) => announcing.ContinueWith(
        t => logger.LogError(t.Exception, "Announcing a presence change failed"), TaskContinuationOptions.OnlyOnFaulted);

    sealed class UserConnections
    {
        public int Count;
        public ITimer? GoingOffline;
    }
}
