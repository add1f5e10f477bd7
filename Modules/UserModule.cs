using System.Security.Claims;
using Carter;
using ChatApp.Data;
using ChatApp.Hosting;
using ChatApp.Modules.Auth;
using ChatApp.Modules.Contracts;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class UserModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/user", SignUp).WithSignUpLimits().WithSummary("Sign up").ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/user", Me).RequireAuthorization().WithSummary("The current user");
    }

    static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> SignUp(
        CredentialsRequest request, UserStore users, PasswordHasher hasher)
    {
        if (Validation.SignUp(request) is { } errors)
            return Problems.Invalid(errors);
        // Cheap early answer before the deliberately slow hash; the writer checks again.
        if (users.FindByUsername(request.Username!) is not null)
            return UsernameTaken(request.Username!);
        var user = await users.CreateAsync(request.Username!, hasher.Hash(request.Password!));
        return user is null ? UsernameTaken(request.Username!) : TypedResults.Created("/user", UserResponse.Of(user));
    }

    static Results<Ok<UserResponse>, ProblemHttpResult> Me(ClaimsPrincipal caller, UserStore users) =>
        users.FindById(caller.UserId()) is { } user
            ? TypedResults.Ok(UserResponse.Of(user))
            : Problems.Unauthorized("the access token's user does not exist");

    static ProblemHttpResult UsernameTaken(string username) =>
        Problems.Conflict($"the username '{username}' is already taken");
}
