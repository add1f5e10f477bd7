using System.Security.Cryptography;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Accounts;
using ChatApp.Features.Auth;

namespace ChatApp.Features.Admin;

/// <summary>
/// What the server's operator does from the command line (<c>users …</c>, <c>invite create</c>, <c>backup</c>):
/// the same rules as the API, one line of text back for each command.
/// </summary>
public sealed class AdminService(
    ChatDatabase database, UserStore users, AccountService accounts, SessionService sessions, PasswordHasher hasher,
    InviteStore invites, TimeProvider clock)
{
    public const int MaxInviteUses = 1_000_000;

    /// <summary>Every account (deleted ones left out), one line each: id, username, created, and whether it is disabled.</summary>
    public IEnumerable<string> ListUsers() => users.All().Where(u => !u.Deleted).Select(u =>
        $"{u.Id}\t{u.Username}\t{DateTimeOffset.FromUnixTimeMilliseconds(u.CreatedAt):yyyy-MM-dd'T'HH:mm:ss'Z'}{(u.Disabled ? "\tdisabled" : "")}");

    public async Task<Outcome<string>> DisableAsync(string username)
    {
        if (Find(username) is not { } user)
            return Unknown(username);
        await users.UpdateAsync(user.Id, u => (u.Disabled, u.TokensNotBefore) = (true, Now()));
        await sessions.EndAllAsync(user.Id, keepTokenId: null);
        return $"disabled {user.Username}: every session ended";
    }

    public async Task<Outcome<string>> EnableAsync(string username)
    {
        if (Find(username) is not { } user)
            return Unknown(username);
        await users.UpdateAsync(user.Id, u => u.Disabled = false);
        return $"enabled {user.Username}";
    }

    public async Task<Outcome<string>> ResetPasswordAsync(string username)
    {
        if (Find(username) is not { } user)
            return Unknown(username);
        // 20 characters from 62: ~119 bits, and easy to paste.
        var password = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 20);
        var hash = hasher.Hash(password);
        await users.UpdateAsync(user.Id, u => (u.PasswordHash, u.TokensNotBefore) = (hash, Now()));
        await sessions.EndAllAsync(user.Id, keepTokenId: null);
        return $"new password for {user.Username}: {password}";
    }

    public async Task<Outcome<string>> DeleteAsync(string username)
    {
        if (Find(username) is not { } user)
            return Unknown(username);
        await accounts.DeleteAsync(user.Id);
        return $"deleted {user.Username} (id {user.Id}): messages erased, partners told";
    }

    public async Task<Outcome<string>> CreateInviteAsync(int uses, double? expiresInDays)
    {
        if (uses is < 1 or > MaxInviteUses)
            return Failure.Invalid("uses", $"must be a whole number from 1 to {MaxInviteUses}");
        if (expiresInDays is <= 0 or > 3650)
            return Failure.Invalid("expires-in-days", "must be a number of days from more than 0 to 3650");
        var invite = await invites.CreateAsync(uses, expiresInDays is { } days ? TimeSpan.FromDays(days) : null);
        return invite.Id;
    }

    /// <summary>A consistent copy of the database at <paramref name="path"/>, taken while the server runs.</summary>
    public async Task<Outcome<string>> BackupAsync(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            return Failure.Invalid("file", "is required");
        try
        {
            await database.BackupAsync(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure.Invalid("file", $"cannot be written: {e.Message}");
        }
        return $"backup written to {Path.GetFullPath(path)}";
    }

    UserDocument? Find(string username) => users.FindByUsername(username) is { Deleted: false } user ? user : null;

    static Failure Unknown(string username) => Failure.NotFound($"no user is named '{username}'");

    long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
