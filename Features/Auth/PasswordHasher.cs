using Microsoft.Extensions.Options;

namespace ChatApp.Features.Auth;

/// <summary>
/// BCrypt with a SHA-384 pre-hash (EnhancedHashPassword), so bytes past 72 still count.
/// Slow on purpose: keep it to sign-up and login.
/// </summary>
public sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    readonly Lazy<string> _dummyHash = new(() => BCrypt.Net.BCrypt.EnhancedHashPassword(
        Guid.NewGuid().ToString(), options.Value.BcryptWorkFactor));

    public string Hash(string password) =>
        BCrypt.Net.BCrypt.EnhancedHashPassword(password, options.Value.BcryptWorkFactor);

    /// <summary>Without a hash (unknown user) it checks a dummy one, so both failures take the same time.</summary>
    public bool Verify(string password, string? hash)
    {
        var matches = BCrypt.Net.BCrypt.EnhancedVerify(password, hash ?? _dummyHash.Value);
        return hash is not null && matches;
    }
}
