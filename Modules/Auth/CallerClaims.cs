using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ChatApp.Modules.Auth;

/// <summary>Reads the caller from a validated token (inbound claim names are kept as in the JWT).</summary>
public static class CallerClaims
{
    public static int UserId(this ClaimsPrincipal caller) =>
        int.Parse(caller.FindFirstValue(JwtRegisteredClaimNames.Sub)!);

    public static string TokenId(this ClaimsPrincipal caller) =>
        caller.FindFirstValue(JwtRegisteredClaimNames.Jti)!;

    public static DateTimeOffset TokenExpiry(this ClaimsPrincipal caller) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(caller.FindFirstValue(JwtRegisteredClaimNames.Exp)!));
}
