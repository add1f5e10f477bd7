using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Messages;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class MessageModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/message").RequireAuthorization()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        messages.MapGet("/{id:int}", Conversation).WithSummary("Messages with user {id}, newest first");
        messages.MapPost("/{id:int}", SendToUser).WithSummary("Send a message to user {id}");
        app.MapPost("/add_message/{username}", SendToUsername).RequireAuthorization()
            .WithSummary("Send a message to a user by name")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    static Results<Ok<List<MessageResponse>>, ApiProblem> Conversation(
        int id, string? limit, string? before, ClaimsPrincipal caller, MessageService messages) =>
        messages.History(caller.UserId(), id, limit, before).ToHttp(TypedResults.Ok);

    static async Task<Results<Created<MessageResponse>, ApiProblem>> SendToUser(
        int id, SendMessageRequest request, ClaimsPrincipal caller, MessageService messages) =>
        (await messages.SendAsync(caller.UserId(), new Recipient.ById(id), request.Body))
            .ToHttp(m => TypedResults.Created($"/message/{m.To}", m));

    static async Task<Results<Created<MessageResponse>, ApiProblem>> SendToUsername(
        string username, SendMessageRequest request, ClaimsPrincipal caller, MessageService messages) =>
        (await messages.SendAsync(caller.UserId(), new Recipient.ByUsername(username), request.Body))
            .ToHttp(m => TypedResults.Created($"/message/{m.To}", m));
}
