using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Auth;
using ChatApp.Features.Realtime;

namespace ChatApp.Features.Accounts;

/// <summary>What a user does to their own account: change its password, delete it.</summary>
public sealed class AccountService(
    UserStore users, AccountStore accounts, PasswordHasher hasher, SessionService sessions, TokenRevocation revocation,
    IRealtime realtime, TimeProvider clock)
{
    public async Task<Outcome<bool>> ChangePasswordAsync(Caller caller, PasswordChangeRequest request)
    {
        if (Validation.PasswordChange(request) is { } errors)
            return Failure.Invalid(errors);
        if (users.FindById(caller.UserId) is not { Deleted: false } user)
            return Failure.Unauthorized(Users.UserService.MissingCaller);
        if (!hasher.Verify(request.CurrentPassword!, user.PasswordHash))
            return WrongPassword("current_password");
        var hash = hasher.Hash(request.NewPassword!);
        await users.UpdateAsync(user.Id, u => (u.PasswordHash, u.TokensNotBefore) = (hash, clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await sessions.EndAllAsync(user.Id, keepTokenId: caller.TokenId);
        return true;
    }

    public async Task<Outcome<bool>> DeleteAsync(Caller caller, string? password)
    {
        if (string.IsNullOrEmpty(password))
            return Failure.Invalid("password", "is required");
        if (users.FindById(caller.UserId) is not { Deleted: false } user)
            return Failure.Unauthorized(Users.UserService.MissingCaller);
        if (!hasher.Verify(password, user.PasswordHash))
            return WrongPassword("password");
        await DeleteAsync(user.Id);
        return true;
    }

    /// <summary>Deletes an account (the user's own request, or an admin's): tokens dead, connections closed, messages erased.</summary>
    public async Task DeleteAsync(int userId)
    {
        if (await accounts.DeleteAsync(userId) is not { } deletion)
            return;
        // The user document's TokensNotBefore already kills older tokens; sessions are revoked one by one.
        foreach (var (tokenId, expiresAt) in deletion.Sessions)
            await revocation.RevokeAsync(tokenId, expiresAt);
        realtime.CloseUser(userId);
    }

    static Failure WrongPassword(string field) => new(FailureKind.Forbidden, $"the {field.Replace('_', ' ')} is wrong");
}
