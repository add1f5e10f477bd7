using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Settings;
using ChatApp.Features.Users;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class UserModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/user", SignUp).RequireRateLimiting(RateLimitPolicies.SignUp).WithSummary("Sign up")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/user", Me).RequireAuthorization().WithSummary("The current user");
        app.MapGet("/user/settings", Settings).RequireAuthorization().WithSummary("Your privacy settings");
        app.MapPatch("/user/settings", ChangeSettings).RequireAuthorization().WithSummary("Change your privacy settings")
            .ProducesValidationProblem();
    }

    static Ok<SettingsResponse> Settings(ClaimsPrincipal caller, SettingsService settings) =>
        TypedResults.Ok(settings.Get(caller.UserId()));

    static async Task<Ok<SettingsResponse>> ChangeSettings(SettingsRequest request, ClaimsPrincipal caller, SettingsService settings) =>
        TypedResults.Ok(await settings.UpdateAsync(caller.UserId(), request));

    static async Task<Results<Created<UserResponse>, ApiProblem>> SignUp(SignUpRequest request, UserService users) =>
        (await users.SignUpAsync(request)).ToHttp(user => TypedResults.Created("/user", user));

    static Results<Ok<UserResponse>, ApiProblem> Me(ClaimsPrincipal caller, UserService users) =>
        users.Find(caller.UserId()).ToHttp(TypedResults.Ok);
}
