using System.Security.Claims;
using Carter;
using ChatApp.Data;
using ChatApp.Modules.Auth;
using ChatApp.Modules.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class ChatModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/chats", List).RequireAuthorization().WithSummary("Conversations, most recent first");

    static Ok<List<ChatResponse>> List(ClaimsPrincipal caller, ChatStore chats) =>
        TypedResults.Ok(chats.ForUser(caller.UserId()).ConvertAll(ChatResponse.Of));
}
