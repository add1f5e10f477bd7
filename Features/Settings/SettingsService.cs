using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Presence;

namespace ChatApp.Features.Settings;

public sealed class SettingsService(UserStateStore states, PresenceService presence)
{
    public SettingsResponse Get(int callerId) => Of(states.Get(callerId));

    /// <summary>Changes the fields given; a change of <c>share_presence</c> is told to partners at once.</summary>
    public async Task<SettingsResponse> UpdateAsync(int callerId, SettingsRequest request)
    {
        var before = states.Get(callerId).SharePresence;
        var state = await states.UpdateAsync(callerId, s =>
        {
            s.ShareReadReceipts = request.ShareReadReceipts ?? s.ShareReadReceipts;
            s.SharePresence = request.SharePresence ?? s.SharePresence;
        });
        if (state.SharePresence != before)
            await presence.SharingChangedAsync(callerId, state.SharePresence);
        return Of(state);
    }

    static SettingsResponse Of(Data.UserStateDocument state) => new(state.ShareReadReceipts, state.SharePresence);
}
