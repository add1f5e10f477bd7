using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatApp.Bench.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatApp.Bench.Floors;

/// <summary>
/// The framework floor: what ASP.NET Core itself costs for a send, with nothing of ChatApp's own. A slim
/// WebApplication with JWT bearer authentication validating as ChatApp does (HS256 key, issuer and audience
/// "chatapp", signed tokens with an expiry required, lifetime checked with zero clock skew, inbound claims
/// not mapped, the token's id, expiry and user checked once validated) and <c>POST /message/{id}</c> behind
/// <c>RequireAuthorization()</c>, which binds <c>{"body"}</c> and answers 201 with a Message-shaped object.
/// No storage, no revocation lookup, no feed. The bench signs the tokens (<see cref="IssueUsers"/>) with
/// the key it passes in <see cref="KeyVariable"/> (base64).
/// </summary>
public static class FrameworkFloor
{
    public const string Argument = "--framework-floor";
    public const string KeyVariable = "CHATAPP_BENCH_FLOOR_KEY";
    // As ChatApp's TokenIssuer.
    const string Issuer = "chatapp";
    const string Audience = "chatapp";
    const string SessionClaim = "sid";
    const int TokenLifetimeSeconds = 86_400;

    public static int Run(string[] args)
    {
        var key = new SymmetricSecurityKey(Convert.FromBase64String(
            Environment.GetEnvironmentVariable(KeyVariable) ?? throw new InvalidOperationException($"{KeyVariable} is not set")));
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, FrameworkFloorJson.Default);
            // As ChatApp's JsonSetup. The options' own naming policy wins over the context's attribute, so it is set here.
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.Zero,
                NameClaimType = JwtRegisteredClaimNames.Sub,
            };
            jwt.Events = new JwtBearerEvents { OnTokenValidated = RequireIdExpiryAndUser };
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        long lastId = 0;
        app.MapGet("/", () => TypedResults.Ok(new FloorInfo("framework floor")));
        app.MapPost("/message/{id:int}", Results<Created<FrameworkMessage>, BadRequest> (int id, FrameworkSendRequest request, ClaimsPrincipal caller) =>
        {
            // ChatApp's rule: 1–4000 characters after trimming.
            var length = request.Body?.Trim().Length ?? 0;
            if (length is < 1 or > 4000)
                return TypedResults.BadRequest();
            var from = int.Parse(caller.FindFirstValue(JwtRegisteredClaimNames.Sub)!, CultureInfo.InvariantCulture);
            var message = new FrameworkMessage((int)Interlocked.Increment(ref lastId), id, from,
                DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                request.Body!, request.ClientId, null, false);
            return TypedResults.Created($"/message/{id}", message);
        }).RequireAuthorization();
        app.Run();
        return 0;
    }

    // ChatApp's OnTokenValidated, less its revocation lookup: an id and an expiry, and a user id above 0.
    static Task RequireIdExpiryAndUser(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        if (principal.FindFirst(JwtRegisteredClaimNames.Jti) is null || principal.FindFirst(JwtRegisteredClaimNames.Exp) is null)
            context.Fail("the access token lacks its id or expiry");
        else if (!int.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var userId) || userId <= 0)
            context.Fail("the access token's user does not exist");
        return Task.CompletedTask;
    }

    /// <summary>Users 1..<paramref name="count"/>, each with a token as ChatApp's login issues (sub, jti, sid, iat, nbf, exp, iss, aud).</summary>
    public static BenchUser[] IssueUsers(byte[] key, int count)
    {
        var handler = new JsonWebTokenHandler();
        var credentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256);
        var now = DateTime.UtcNow;
        return Enumerable.Range(1, count).Select(id => new BenchUser(id, $"floor{id:d5}", handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(TokenLifetimeSeconds),
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, id.ToString(CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                new Claim(SessionClaim, id.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
            ]),
            SigningCredentials = credentials,
        }))).ToArray();
    }
}

public sealed record FrameworkSendRequest(string? Body, string? ClientId);

/// <summary>ChatApp's Message: id, to, from, date_created, body, client_id, edited_at, deleted.</summary>
public sealed record FrameworkMessage(
    int Id, int To, int From, string DateCreated, string Body, string? ClientId, string? EditedAt, bool Deleted);

[JsonSerializable(typeof(FloorInfo))]
[JsonSerializable(typeof(FrameworkSendRequest))]
[JsonSerializable(typeof(FrameworkMessage))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
public sealed partial class FrameworkFloorJson : JsonSerializerContext;
