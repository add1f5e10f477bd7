using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Chats;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class ChatModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/chats", List).RequireAuthorization().WithSummary("Conversations, most recent first");

    static Ok<List<ChatResponse>> List(ClaimsPrincipal caller, ChatService chats) =>
        TypedResults.Ok(chats.List(caller.UserId()));
}
