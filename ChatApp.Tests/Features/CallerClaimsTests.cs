using System.Security.Claims;
using ChatApp.Features.Auth;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChatApp.Tests.Features;

public sealed class CallerClaimsTests
{
    [Fact]
    public void TheCompactCallerKeepsOnlyTheClaimsChatAppReadsAndStaysAuthenticated()
    {
        var validated = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, "7"),
                new Claim(JwtRegisteredClaimNames.Jti, "token-1"),
                new Claim(JwtRegisteredClaimNames.Exp, "1795000000", ClaimValueTypes.Integer64),
                new Claim(JwtRegisteredClaimNames.Iat, "1794900000", ClaimValueTypes.Integer64),
                new Claim(JwtRegisteredClaimNames.Iss, "chatapp"),
                new Claim(JwtRegisteredClaimNames.Aud, "chatapp-clients"),
            ],
            "AuthenticationTypes.Federation"));

        var compact = CallerClaims.Compact(validated);

        Assert.True(compact.Identity!.IsAuthenticated);
        Assert.Equal("7", compact.Identity.Name);
        Assert.Equal(["sub", "jti", "exp"], compact.Claims.Select(c => c.Type));
        Assert.All(compact.Claims, c => Assert.Same(compact.Identity, c.Subject));
        Assert.Equal(7, compact.UserId());
        Assert.Equal("token-1", compact.TokenId());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), compact.TokenExpiry());
    }
}
