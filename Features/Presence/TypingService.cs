using System.Collections.Concurrent;
using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Blocks;
using ChatApp.Features.Realtime;
using Microsoft.Extensions.Options;

namespace ChatApp.Features.Presence;

/// <summary>
/// "Typing…": forwarded to every connection of the recipient, at most once per sender and recipient per
/// period (extra calls are dropped, not refused), never stored.
/// </summary>
public sealed class TypingService(UserStore users, BlockService blocks, IRealtime realtime, TimeProvider clock, IOptions<PresenceOptions> options)
{
    // Pairs forwarded within the last period; older ones are swept once the map grows, so it stays small.
    const int SweepAbove = 10_000;

    readonly ConcurrentDictionary<(int From, int To), long> _lastForwarded = new();
    long _nextSweep;

    public async Task<Outcome<bool>> TypingAsync(int callerId, int to)
    {
        if (users.FindById(to) is not { Deleted: false })
            return Failure.NotFound($"user {to} does not exist");
        if (users.FindById(callerId) is not { } sender)
            return Failure.Unauthorized(Users.UserService.MissingCaller);
        if (to == callerId || blocks.EitherBlocks(callerId, to) || !TryTake(callerId, to))
            return true;
        await realtime.SendToUsersAsync([to], EventNames.Typing, new TypingResponse(callerId, sender.Username));
        return true;
    }

    bool TryTake(int from, int to)
    {
        var now = clock.GetTimestamp();
        var period = (long)(options.Value.TypingEverySeconds * clock.TimestampFrequency);
        while (true)
        {
            if (_lastForwarded.TryGetValue((from, to), out var last))
            {
                if (now - last < period)
                    return false;
                if (_lastForwarded.TryUpdate((from, to), now, last))
                    break;
            }
            else if (_lastForwarded.TryAdd((from, to), now))
                break;
        }
        // At most one sweep a period: many live pairs must not make every call walk the whole map.
        if (_lastForwarded.Count > SweepAbove && now >= Interlocked.Read(ref _nextSweep)
            && Interlocked.Exchange(ref _nextSweep, now + period) <= now)
            foreach (var (pair, at) in _lastForwarded)
                if (now - at >= period)
                    _lastForwarded.TryRemove(KeyValuePair.Create(pair, at));
        return true;
    }
}
