using System.Security.Cryptography;

namespace ChatApp.Data.Stores;

public sealed class InviteStore(ChatDatabase db, TimeProvider clock)
{
    // No 0/O or 1/I/L: codes are read aloud and typed by hand.
    const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>A new code of 16 random characters (~78 bits), good for <paramref name="uses"/> sign-ups.</summary>
    public Task<InviteDocument> CreateAsync(int uses, TimeSpan? validFor) =>
        db.Writer.Enqueue(() =>
        {
            var now = clock.GetUtcNow();
            var invite = new InviteDocument
            {
                Id = RandomNumberGenerator.GetString(Alphabet, 16),
                UsesLeft = uses,
                CreatedAt = now.ToUnixTimeMilliseconds(),
                ExpiresAt = validFor is { } span ? (now + span).ToUnixTimeMilliseconds() : null,
            };
            db.Invites.Insert(invite);
            return invite;
        });
}
