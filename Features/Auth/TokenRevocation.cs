using ChatApp.Data.Stores;

namespace ChatApp.Features.Auth;

/// <summary>
/// Which tokens are revoked: asked by every authenticated request and every new hub connection, so it
/// depends on nothing that pushes (the hub itself asks it).
/// </summary>
public sealed class TokenRevocation(RevokedTokenStore revoked)
{
    public bool IsRevoked(string tokenId) => revoked.IsRevoked(tokenId);

    public Task RevokeAsync(string tokenId, DateTimeOffset expiresAt) => revoked.RevokeAsync(tokenId, expiresAt);
}
