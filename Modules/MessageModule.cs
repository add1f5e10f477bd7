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
    public const string ReplayedHeader = "Idempotent-Replayed";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/message").RequireAuthorization()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        messages.MapGet("/{id:int}", Conversation).WithSummary("Messages with user {id}, newest first");
        messages.MapPost("/{id:int}", SendToUser).WithSummary("Send a message to user {id}")
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/add_message/{username}", SendToUsername).RequireAuthorization()
            .WithSummary("Send a message to a user by name")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    static Results<Ok<List<MessageResponse>>, ApiProblem> Conversation(int id, string? limit, string? before,
        string? after, string? around, ClaimsPrincipal caller, HttpContext http, MessageService messages) =>
        messages.History(caller.UserId(), id, limit, before, after, around).ToHttp(history =>
        {
            if (PageLinks.Of(id, history) is { } links)
                http.Response.Headers.Link = links;
            return TypedResults.Ok(history.Messages);
        });

    static async Task<Results<Created<MessageResponse>, Ok<MessageResponse>, ApiProblem>> SendToUser(
        int id, SendMessageRequest request, ClaimsPrincipal caller, HttpContext http, MessageService messages) =>
        Sent(http, await messages.SendAsync(caller.UserId(), new Recipient.ById(id), request.Body, request.ClientId));

    static async Task<Results<Created<MessageResponse>, Ok<MessageResponse>, ApiProblem>> SendToUsername(
        string username, SendMessageRequest request, ClaimsPrincipal caller, HttpContext http, MessageService messages) =>
        Sent(http, await messages.SendAsync(caller.UserId(), new Recipient.ByUsername(username), request.Body, request.ClientId));

    /// <summary>201 for a new message; 200 and <c>Idempotent-Replayed: true</c> for a retry of one.</summary>
    static Results<Created<MessageResponse>, Ok<MessageResponse>, ApiProblem> Sent(HttpContext http, Features.Outcome<SentMessage> outcome)
    {
        if (outcome.Failure is { } failure)
            return new ApiProblem(failure);
        var (message, replayed) = outcome.Value!;
        if (!replayed)
            return TypedResults.Created($"/message/{message.To}", message);
        http.Response.Headers[ReplayedHeader] = "true";
        return TypedResults.Ok(message);
    }
}
