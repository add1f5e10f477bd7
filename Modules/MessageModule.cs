using System.Security.Claims;
using Carter;
using ChatApp.Data;
using ChatApp.Hubs;
using ChatApp.Modules.Auth;
using ChatApp.Modules.Contracts;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class MessageModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/message").RequireAuthorization().ProducesProblem(StatusCodes.Status404NotFound);
        messages.MapGet("/{id:int}", Conversation).WithSummary("Messages with user {id}, newest first");
        messages.MapPost("/{id:int}", SendToUser).WithSummary("Send a message to user {id}");
        app.MapPost("/add_message/{username}", SendToUsername).RequireAuthorization()
            .WithSummary("Send a message to a user by name").ProducesProblem(StatusCodes.Status404NotFound);
    }

    static Results<Ok<List<MessageResponse>>, ValidationProblem, ProblemHttpResult> Conversation(
        int id, string? limit, string? before, ClaimsPrincipal caller, UserStore users, MessageStore messages)
    {
        if (users.FindById(id) is null)
            return UnknownUser(id);
        if (!Paging.TryParse(limit, before, caller.UserId(), id, messages, out var page, out var error))
            return error;
        var history = messages.Conversation(caller.UserId(), id, page.Limit, page.Before);
        return TypedResults.Ok(history.ConvertAll(MessageResponse.Of));
    }

    static async Task<Results<Created<MessageResponse>, ValidationProblem, ProblemHttpResult>> SendToUser(
        int id, SendMessageRequest request, ClaimsPrincipal caller, UserStore users, MessageSender sender)
    {
        if (Validation.Message(request) is { } errors)
            return Problems.Invalid(errors);
        if (users.FindById(id) is not { } recipient)
            return UnknownUser(id);
        return await Send(caller, recipient, request.Body!, users, sender);
    }

    static async Task<Results<Created<MessageResponse>, ValidationProblem, ProblemHttpResult>> SendToUsername(
        string username, SendMessageRequest request, ClaimsPrincipal caller, UserStore users, MessageSender sender)
    {
        if (Validation.Message(request) is { } errors)
            return Problems.Invalid(errors);
        if (users.FindByUsername(username) is not { } recipient)
            return Problems.NotFound($"no user is named '{username}'");
        return await Send(caller, recipient, request.Body!, users, sender);
    }

    static async Task<Results<Created<MessageResponse>, ValidationProblem, ProblemHttpResult>> Send(
        ClaimsPrincipal caller, UserDocument recipient, string body, UserStore users, MessageSender sender)
    {
        var author = users.FindById(caller.UserId())!;
        var message = await sender.SendAsync(author, recipient, body);
        return TypedResults.Created($"/message/{recipient.Id}", message);
    }

    static ProblemHttpResult UnknownUser(int id) => Problems.NotFound($"user {id} does not exist");
}
