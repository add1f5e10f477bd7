using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Accounts;
using ChatApp.Features.Auth;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatApp.Modules;

/// <summary>The caller's own account: password, deletion, export.</summary>
public sealed class AccountModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/user").RequireAuthorization();
        account.MapPost("/password", ChangePassword).WithSummary("Change your password; every other session ends")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        account.MapDelete("", Delete).WithSummary("Delete your account")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        account.MapGet("/export", Export).WithSummary("Everything of yours, as one JSON download");
    }

    static async Task<Results<NoContent, ApiProblem>> ChangePassword(
        PasswordChangeRequest request, ClaimsPrincipal caller, AccountService accounts) =>
        (await accounts.ChangePasswordAsync(caller.Caller(), request)).ToHttp(_ => TypedResults.NoContent());

    static async Task<Results<NoContent, ApiProblem>> Delete(
        [FromBody] DeleteAccountRequest request, ClaimsPrincipal caller, AccountService accounts) =>
        (await accounts.DeleteAsync(caller.Caller(), request.Password)).ToHttp(_ => TypedResults.NoContent());

    static PushStreamHttpResult Export(ClaimsPrincipal caller, ExportService export, HttpContext http) =>
        TypedResults.Stream(body => export.WriteAsync(caller.UserId(), body, http.RequestAborted),
            "application/json; charset=utf-8", export.FileName(caller.UserId()));
}
