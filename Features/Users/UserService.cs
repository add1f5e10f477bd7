using ChatApp.Contracts;
using ChatApp.Data.Stores;
using ChatApp.Features.Auth;

namespace ChatApp.Features.Users;

public sealed class UserService(UserStore users, PasswordHasher hasher)
{
    public const string MissingCaller = "the access token's user does not exist";

    public async Task<Outcome<UserResponse>> SignUpAsync(CredentialsRequest request)
    {
        if (Validation.SignUp(request) is { } errors)
            return Failure.Invalid(errors);
        // Cheap early answer before the deliberately slow hash; the writer checks again.
        if (users.FindByUsername(request.Username!) is not null)
            return UsernameTaken(request.Username!);
        var user = await users.CreateAsync(request.Username!, hasher.Hash(request.Password!));
        return user is null ? UsernameTaken(request.Username!) : UserResponse.Of(user);
    }

    public Outcome<UserResponse> Find(int callerId) =>
        users.FindById(callerId) is { } user ? UserResponse.Of(user) : Failure.Unauthorized(MissingCaller);

    static Failure UsernameTaken(string username) => Failure.Conflict($"the username '{username}' is already taken");
}
