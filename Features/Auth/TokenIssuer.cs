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

    public TokenResponse Issue(UserDocument user)
    {
        var lifetime = options.Value.TokenLifetimeSeconds;
        // The system clock, not the injected one: JwtBearer checks expiry against the system clock.
        var now = DateTime.UtcNow;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(lifetime),
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return new TokenResponse(token, "Bearer", lifetime);
    }
}
