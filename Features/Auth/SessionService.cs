using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Realtime;

namespace ChatApp.Features.Auth;

/// <summary>Logging in and out: tokens issued, revoked, and the connections that go with them.</summary>
public sealed class SessionService(
    UserStore users, PasswordHasher hasher, TokenIssuer tokens, TokenRevocation revocation, LoginAttempts attempts, IRealtime realtime)
{
    public Outcome<TokenResponse> Login(CredentialsRequest request, string clientAddress)
    {
        if (attempts.TryTake(clientAddress, request.Username) is { } limited)
            return limited;
        if (Validation.Login(request) is { } errors)
            return Failure.Invalid(errors);
        var user = users.FindByUsername(request.Username!);
        // Unknown user and wrong password: same answer, same time (a dummy hash is checked).
        return hasher.Verify(request.Password!, user?.PasswordHash)
            ? tokens.Issue(user!)
            : Failure.Unauthorized("wrong username or password");
    }

    public async Task<InfoResponse> LogoutAsync(string tokenId, DateTimeOffset expiresAt)
    {
        await revocation.RevokeAsync(tokenId, expiresAt);
        realtime.CloseSession(tokenId);
        return new InfoResponse("logged out: this access token is revoked");
    }
}
