using System.Security.Claims;
using ChatApp.Data;
using ChatApp.Contracts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatApp.Features.Auth;

public sealed class TokenIssuer(SigningKey signingKey, IOptions<AuthOptions> options)
{
    public const string Issuer = "chatapp";
    public const string Audience = "chatapp";

    readonly JsonWebTokenHandler _handler = new();

    public const string SessionClaim = "sid";

    /// <summary>A token that is not a session (tests and tools); logins get <see cref="IssueForSession"/>.</summary>
    public TokenResponse Issue(UserDocument user) => IssueForSession(user, null).Response;

    /// <summary>A token carrying its session's id, with its own id and expiry for the session record.</summary>
    public IssuedToken IssueForSession(UserDocument user, int? sessionId)
    {
        var lifetime = options.Value.TokenLifetimeSeconds;
        // The system clock, not the injected one: JwtBearer checks expiry against the system clock.
        var now = DateTime.UtcNow;
        var tokenId = Guid.NewGuid().ToString("N");
        List<Claim> claims = [
            new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
            new Claim(JwtRegisteredClaimNames.Jti, tokenId),
        ];
        if (sessionId is { } sid)
            claims.Add(new Claim(SessionClaim, sid.ToString(), ClaimValueTypes.Integer32));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(lifetime),
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(new TokenResponse(token, "Bearer", lifetime), tokenId, new DateTimeOffset(now.AddSeconds(lifetime)), sessionId);
    }
}

public sealed record IssuedToken(TokenResponse Response, string TokenId, DateTimeOffset ExpiresAt, int? SessionId);
