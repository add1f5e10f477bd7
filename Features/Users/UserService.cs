using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Auth;
using Microsoft.Extensions.Options;

namespace ChatApp.Features.Users;

public sealed class UserService(UserStore users, PasswordHasher hasher, IOptions<RegistrationOptions> registration)
{
    public const string MissingCaller = "the access token's user does not exist";

    public async Task<Outcome<UserResponse>> SignUpAsync(SignUpRequest request)
    {
        if (Validation.SignUp(request) is { } errors)
            return Failure.Invalid(errors);
        var mode = registration.Value.Mode;
        if (mode == "closed")
            return Refused("sign-up is closed on this server");
        // In open mode an invite code is accepted and ignored.
        if (mode == "invite" && string.IsNullOrEmpty(request.InviteCode))
            return Refused("sign-up on this server needs an invite_code");
        // Cheap early answer before the deliberately slow hash; the writer checks again.
        if (users.FindByUsername(request.Username!) is not null)
            return UsernameTaken(request.Username!);
        var hash = hasher.Hash(request.Password!);
        if (mode == "invite")
        {
            var result = await users.CreateWithInviteAsync(request.Username!, hash, request.InviteCode!);
            if (result.InviteRefused)
                return Refused("the invite code is unknown, used up or expired");
            return result.User is { } invited ? UserResponse.Of(invited) : UsernameTaken(request.Username!);
        }
        var user = await users.CreateAsync(request.Username!, hash);
        return user is null ? UsernameTaken(request.Username!) : UserResponse.Of(user);
    }

    public Outcome<UserResponse> Find(int callerId) =>
        users.FindById(callerId) is { Deleted: false } user ? UserResponse.Of(user) : Failure.Unauthorized(MissingCaller);

    static Failure UsernameTaken(string username) => Failure.Conflict($"the username '{username}' is already taken");

    static Failure Refused(string detail) => new(FailureKind.Forbidden, detail);
}
