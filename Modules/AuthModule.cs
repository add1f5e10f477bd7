using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class AuthModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/login", Login).RequireRateLimiting(RateLimitPolicies.Login).WithSummary("Log in")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        // The original backend also logs out on GET /login; the contract keeps both.
        app.MapGet("/login", Logout).RequireAuthorization().WithSummary("Log out (revokes this token)");
        app.MapGet("/logout", Logout).RequireAuthorization().WithSummary("Log out (revokes this token)");
        var sessions = app.MapGroup("/sessions").RequireAuthorization();
        sessions.MapGet("", List).WithSummary("Your live sessions (one per login)");
        sessions.MapDelete("/{id:int}", End).WithSummary("End a session: its token stops working, its connections close")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    static async Task<Results<Ok<TokenResponse>, ApiProblem>> Login(CredentialsRequest request, HttpContext http, SessionService sessions) =>
        (await sessions.LoginAsync(request, ClientAddress.Of(http))).ToHttp(TypedResults.Ok);

    static async Task<Ok<InfoResponse>> Logout(ClaimsPrincipal caller, SessionService sessions) =>
        TypedResults.Ok(await sessions.LogoutAsync(caller.Caller()));

    static Ok<List<SessionResponse>> List(ClaimsPrincipal caller, SessionService sessions) =>
        TypedResults.Ok(sessions.List(caller.Caller()));

    static async Task<Results<NoContent, ApiProblem>> End(int id, ClaimsPrincipal caller, SessionService sessions) =>
        (await sessions.EndAsync(caller.Caller(), id)).ToHttp(_ => TypedResults.NoContent());
}
