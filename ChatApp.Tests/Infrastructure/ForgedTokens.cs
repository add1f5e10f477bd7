using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatApp.Features.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatApp.Tests.Infrastructure;

/// <summary>Tokens an attacker could send: built by hand, so every header and claim is under the test's control.</summary>
public static class ForgedTokens
{
    public static string Header(string alg) => JsonSerializer.Serialize(new { alg, typ = "JWT" });

    /// <summary>The claims a real token carries, shifted in time by <paramref name="from"/> / <paramref name="until"/>.</summary>
    public static Dictionary<string, object> Claims(int subject, TimeSpan? from = null, TimeSpan? until = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["iss"] = TokenIssuer.Issuer,
            ["aud"] = TokenIssuer.Audience,
            ["sub"] = subject.ToString(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = (now + (from ?? TimeSpan.Zero)).ToUnixTimeSeconds(),
            ["nbf"] = (now + (from ?? TimeSpan.Zero)).ToUnixTimeSeconds(),
            ["exp"] = (now + (until ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds(),
        };
    }

    public static string Hmac(string header, object payload, byte[] key)
    {
        var signed = $"{Encode(header)}.{Encode(JsonSerializer.Serialize(payload))}";
        return $"{signed}.{Base64UrlEncoder.Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)))}";
    }

    public static string Unsigned(object payload) => $"{Encode(Header("none"))}.{Encode(JsonSerializer.Serialize(payload))}.";

    public static string Rs256WithOwnKey(int subject)
    {
        using var rsa = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject.ToString()), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa.ExportParameters(true)), SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A real token whose payload is swapped for another subject, the signature kept.</summary>
    public static string WithSubject(string token, int subject)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        var tampered = payload.ToDictionary(p => p.Key, p => (object)p.Value);
        tampered["sub"] = subject.ToString();
        return $"{parts[0]}.{Encode(JsonSerializer.Serialize(tampered))}.{parts[2]}";
    }

    static string Encode(string json) => Base64UrlEncoder.Encode(json);
}
