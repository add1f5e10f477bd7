using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Realtime;

namespace ChatApp.Features.Auth;

/// <summary>Logging in and out, and the sessions each login starts: listed, ended one by one or all at once.</summary>
public sealed class SessionService(
    UserStore users, PasswordHasher hasher, TokenIssuer tokens, TokenRevocation revocation, SessionStore sessions,
    LoginAttempts attempts, IRealtime realtime)
{
    public async Task<Outcome<TokenResponse>> LoginAsync(CredentialsRequest request, string clientAddress)
    {
        if (attempts.TryTake(clientAddress, request.Username) is { } limited)
            return limited;
        if (Validation.Login(request) is { } errors)
            return Failure.Invalid(errors);
        var user = users.FindByUsername(request.Username!);
        // Unknown user and wrong password: same answer, same time (a dummy hash is checked).
        if (!hasher.Verify(request.Password!, user?.PasswordHash))
            return Failure.Unauthorized("wrong username or password");
        if (user!.Disabled)
            return Failure.Unauthorized("this account is disabled");
        var issued = tokens.IssueForSession(user, sessions.ReserveId());
        await sessions.AddAsync(issued.SessionId!.Value, user.Id, issued.TokenId, issued.ExpiresAt);
        return issued.Response;
    }

    public async Task<InfoResponse> LogoutAsync(Caller caller)
    {
        await EndAsync(caller.UserId, caller.SessionId, caller.TokenId, caller.ExpiresAt);
        return new InfoResponse("logged out: this access token is revoked");
    }

    public List<SessionResponse> List(Caller caller) =>
        sessions.Live(caller.UserId).ConvertAll(s => SessionResponse.Of(s, current: s.TokenId == caller.TokenId));

    public async Task<Outcome<bool>> EndAsync(Caller caller, int sessionId)
    {
        if (sessions.Live(caller.UserId).Find(s => s.Id == sessionId) is not { } session)
            return Failure.NotFound($"you have no session {sessionId}");
        await EndAsync(caller.UserId, session.Id, session.TokenId, DateTimeOffset.FromUnixTimeMilliseconds(session.ExpiresAt));
        return true;
    }

    /// <summary>Ends every session of the user but <paramref name="keepTokenId"/>'s, and every older token, with their connections.</summary>
    public async Task EndAllAsync(int userId, string? keepTokenId)
    {
        foreach (var session in sessions.Live(userId).Where(s => s.TokenId != keepTokenId))
            await EndAsync(userId, session.Id, session.TokenId, DateTimeOffset.FromUnixTimeMilliseconds(session.ExpiresAt));
        realtime.CloseUser(userId, keepTokenId);
    }

    async Task EndAsync(int userId, int? sessionId, string tokenId, DateTimeOffset expiresAt)
    {
        await revocation.RevokeAsync(tokenId, expiresAt);
        if (sessionId is { } id)
            await sessions.RemoveAsync(id);
        realtime.CloseSession(tokenId);
    }
}

/// <summary>Who is calling, as their token says: the transports read it from the token once and pass it on.</summary>
public sealed record Caller(int UserId, string TokenId, int? SessionId, DateTimeOffset ExpiresAt);
