using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Chats;
using ChatApp.Features.ReadState;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class ChatModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var chats = app.MapGroup("/chats").RequireAuthorization();
        chats.MapGet("", List).WithSummary("Conversations, most recent first");
        chats.MapGet("/unread", Unread).WithSummary("Unread messages and conversations with any (a badge)");
        chats.MapPost("/{user_id:int}/read", Read).WithSummary("Move your read pointer forward")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        chats.MapDelete("/{user_id:int}", Hide).WithSummary("Take a conversation off your list until a new message arrives")
            .ProducesProblem(StatusCodes.Status404NotFound);
        chats.MapPost("/{user_id:int}/unread", MarkUnread).WithSummary("Mark a message and all after it unread")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    static Ok<List<ChatResponse>> List(ClaimsPrincipal caller, ChatService chats) =>
        TypedResults.Ok(chats.List(caller.UserId()));

    static async Task<Results<NoContent, ApiProblem>> Hide(int user_id, ClaimsPrincipal caller, ChatService chats) =>
        (await chats.HideAsync(caller.UserId(), user_id)).ToHttp(_ => TypedResults.NoContent());

    static Ok<UnreadResponse> Unread(ClaimsPrincipal caller, ReadStateService reads) =>
        TypedResults.Ok(reads.Unread(caller.UserId()));

    static async Task<Results<NoContent, ApiProblem>> Read(int user_id, ReadRequest request, ClaimsPrincipal caller, ReadStateService reads) =>
        (await reads.MarkReadAsync(caller.UserId(), user_id, request.UpTo)).ToHttp(_ => TypedResults.NoContent());

    static async Task<Results<NoContent, ApiProblem>> MarkUnread(
        int user_id, UnreadRequest request, ClaimsPrincipal caller, ReadStateService reads) =>
        (await reads.MarkUnreadAsync(caller.UserId(), user_id, request.From)).ToHttp(_ => TypedResults.NoContent());
}
