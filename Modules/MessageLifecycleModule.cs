using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Messages;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

/// <summary><c>/messages/{message_id}</c>: one message, by its id, for its participants.</summary>
public sealed class MessageLifecycleModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var message = app.MapGroup("/messages/{message_id:int}").RequireAuthorization().ProducesProblem(StatusCodes.Status404NotFound);
        message.MapGet("", Get).WithSummary("One message of yours, by id");
        message.MapPatch("", Edit).WithSummary("Edit a message you wrote")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        message.MapDelete("", Delete).WithSummary("Delete a message you wrote (it becomes a tombstone)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    static Results<Ok<MessageResponse>, ApiProblem> Get(int message_id, ClaimsPrincipal caller, MessageLifecycle messages) =>
        messages.Get(caller.UserId(), message_id).ToHttp(TypedResults.Ok);

    static async Task<Results<Ok<MessageResponse>, ApiProblem>> Edit(
        int message_id, EditMessageRequest request, ClaimsPrincipal caller, MessageLifecycle messages) =>
        (await messages.EditAsync(caller.UserId(), message_id, request.Body)).ToHttp(TypedResults.Ok);

    static async Task<Results<NoContent, ApiProblem>> Delete(int message_id, ClaimsPrincipal caller, MessageLifecycle messages) =>
        (await messages.DeleteAsync(caller.UserId(), message_id)).ToHttp(_ => TypedResults.NoContent());
}
