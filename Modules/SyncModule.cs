using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Feed;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class SyncModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/sync", Sync).RequireAuthorization().WithSummary("Your feed's events after seq 'since', in order")
            .ProducesValidationProblem();

    static Results<Ok<SyncResponse>, ApiProblem> Sync(string? since, string? limit, ClaimsPrincipal caller, FeedService feed) =>
        feed.Sync(caller.UserId(), since, limit).ToHttp(TypedResults.Ok);
}
