using ChatApp.Features.Auth;
using ChatApp.Hubs;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatApp.Hosting.Authentication;

public static class AuthSetup
{
    public static IServiceCollection AddChatAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKey>((jwt, key) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenIssuer.Issuer,
                    ValidAudience = TokenIssuer.Audience,
                    IssuerSigningKey = key.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    // The contract: an expired token is refused at once, not five minutes later.
                    ClockSkew = TimeSpan.Zero,
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadHubQueryToken,
                    OnTokenValidated = RejectRevokedOrOrphan,
                    OnChallenge = WriteProblem,
                };
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>
    /// Browsers cannot set headers on WebSocket/SSE, so the hub path alone accepts the query token
    /// (lifted out of the URL by <see cref="HubQueryToken.ContextFactory"/> so it is never logged).
    /// </summary>
    static Task ReadHubQueryToken(MessageReceivedContext context)
    {
        if (context.HttpContext.Features.Get<HubQueryToken>() is { } token)
            context.Token = token.Value;
        return Task.CompletedTask;
    }

    static Task RejectRevokedOrOrphan(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var tokenId = principal.FindFirst(JwtRegisteredClaimNames.Jti)?.Value;
        var subject = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var services = context.HttpContext.RequestServices;
        if (tokenId is null || principal.FindFirst(JwtRegisteredClaimNames.Exp) is null)
            context.Fail("the access token lacks its id or expiry");
        else if (!int.TryParse(subject, out var userId) || userId <= 0)
            context.Fail("the access token's user does not exist");
        else
        {
            long.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Iat)?.Value, out var issuedAt);
            var isSession = principal.FindFirst(TokenIssuer.SessionClaim) is not null;
            switch (services.GetRequiredService<TokenRevocation>().Check(userId, tokenId, isSession, issuedAt))
            {
                case TokenVerdict.Revoked:
                    context.Fail(new RevokedTokenException());
                    break;
                case TokenVerdict.UnknownUser:
                    context.Fail("the access token's user does not exist");
                    break;
                case TokenVerdict.Disabled:
                    context.Fail(new DisabledAccountException());
                    break;
                default:
                    context.Principal = CallerClaims.Compact(principal);
                    break;
            }
        }
        return Task.CompletedTask;
    }

    static async Task WriteProblem(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            null => "an access token is required: send 'Authorization: Bearer <access_token>'",
            SecurityTokenExpiredException => "the access token has expired; log in again",
            RevokedTokenException => "the access token has been revoked; log in again",
            DisabledAccountException => "this account is disabled",
            _ => "the access token is invalid",
        };
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, detail);
    }

    sealed class RevokedTokenException() : SecurityTokenValidationException("revoked");

    sealed class DisabledAccountException() : SecurityTokenValidationException("disabled");
}
