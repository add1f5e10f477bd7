using System.ComponentModel.DataAnnotations;

namespace ChatApp.Features.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Unset: a random key kept in a file beside the database.</summary>
    public string? SigningKey { get; set; }

    [Range(60, 31_536_000)]
    public int TokenLifetimeSeconds { get; set; } = 86_400;

    [Range(4, 31)]
    public int BcryptWorkFactor { get; set; } = 11;
}
