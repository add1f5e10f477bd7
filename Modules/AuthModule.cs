using System.Security.Claims;
using Carter;
using ChatApp.Data;
using ChatApp.Hosting;
using ChatApp.Hubs;
using ChatApp.Modules.Auth;
using ChatApp.Modules.Contracts;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class AuthModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/login", Login).WithLoginLimits().WithSummary("Log in").ProducesProblem(StatusCodes.Status401Unauthorized);
        // The original backend also logs out on GET /login; the contract keeps both.
        app.MapGet("/login", Logout).RequireAuthorization().WithSummary("Log out (revokes this token)");
        app.MapGet("/logout", Logout).RequireAuthorization().WithSummary("Log out (revokes this token)");
    }

    static Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult> Login(
        CredentialsRequest request, UserStore users, PasswordHasher hasher, TokenIssuer tokens)
    {
        if (Validation.Login(request) is { } errors)
            return Problems.Invalid(errors);
        var user = users.FindByUsername(request.Username!);
        // Unknown user and wrong password: same answer, same time (a dummy hash is checked).
        return hasher.Verify(request.Password!, user?.PasswordHash)
            ? TypedResults.Ok(tokens.Issue(user!))
            : Problems.Unauthorized("wrong username or password");
    }

    static async Task<Ok<InfoResponse>> Logout(
        ClaimsPrincipal caller, RevokedTokenStore revoked, ConnectionRegistry connections)
    {
        await revoked.RevokeAsync(caller.TokenId(), caller.TokenExpiry());
        connections.CloseAll(caller.TokenId());
        return TypedResults.Ok(new InfoResponse("logged out: this access token is revoked"));
    }
}
