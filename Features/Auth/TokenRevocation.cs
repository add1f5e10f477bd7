using ChatApp.Data.Stores;

namespace ChatApp.Features.Auth;

/// <summary>
/// Whether a token still works: asked by every authenticated request and every new hub connection, so it
/// depends on nothing that pushes (the hub itself asks it) and reads only memory.
/// </summary>
public sealed class TokenRevocation(RevokedTokenStore revoked, UserStore users)
{
    public bool IsRevoked(string tokenId) => revoked.IsRevoked(tokenId);

    public Task RevokeAsync(string tokenId, DateTimeOffset expiresAt) => revoked.RevokeAsync(tokenId, expiresAt);

    /// <param name="isSession">Whether the token names a session (every token since version 2).</param>
    /// <param name="issuedAt">The token's <c>iat</c>, Unix seconds.</param>
    public TokenVerdict Check(int userId, string tokenId, bool isSession, long issuedAt)
    {
        if (revoked.IsRevoked(tokenId))
            return TokenVerdict.Revoked;
        if (users.FindById(userId) is not { Deleted: false } user)
            return TokenVerdict.UnknownUser;
        if (user.Disabled)
            return TokenVerdict.Disabled;
        // Sessions are revoked one by one; older tokens go all at once when the account's tokens are reset.
        if (!isSession && issuedAt * 1000 < user.TokensNotBefore)
            return TokenVerdict.Revoked;
        return TokenVerdict.Valid;
    }
}

public enum TokenVerdict { Valid, Revoked, UnknownUser, Disabled }
