using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChatApp.Features.Auth;

/// <summary>Reads the caller from a validated token (inbound claim names are kept as in the JWT).</summary>
public static class CallerClaims
{
    public static int UserId(this ClaimsPrincipal caller) =>
        int.Parse(caller.FindFirstValue(JwtRegisteredClaimNames.Sub)!);

    public static string TokenId(this ClaimsPrincipal caller) =>
        caller.FindFirstValue(JwtRegisteredClaimNames.Jti)!;

    /// <summary>The session the token belongs to; null for a token issued before sessions existed.</summary>
    public static int? SessionId(this ClaimsPrincipal caller) =>
        int.TryParse(caller.FindFirstValue(TokenIssuer.SessionClaim), out var id) ? id : null;

    public static Caller Caller(this ClaimsPrincipal caller) =>
        new(caller.UserId(), caller.TokenId(), caller.SessionId(), caller.TokenExpiry());

    public static DateTimeOffset TokenExpiry(this ClaimsPrincipal caller) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(caller.FindFirstValue(JwtRegisteredClaimNames.Exp)!));

    /// <summary>
    /// The caller as kept for a request or a hub connection: only the claims above. The validated
    /// identity also holds the parsed token and every claim of it, ~3 KB for each open hub connection.
    /// </summary>
    public static ClaimsPrincipal Compact(ClaimsPrincipal validated)
    {
        // New Claim objects: the validated ones point back at their identity, and through it at the token.
        var claims = validated.Claims
            .Where(c => c.Type is JwtRegisteredClaimNames.Sub or JwtRegisteredClaimNames.Jti or JwtRegisteredClaimNames.Exp or TokenIssuer.SessionClaim)
            .Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer));
        var identity = new ClaimsIdentity(claims, validated.Identity?.AuthenticationType, JwtRegisteredClaimNames.Sub, roleType: null);
        return new ClaimsPrincipal(identity);
    }
}
