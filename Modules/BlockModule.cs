using System.Security.Claims;
using Carter;
using ChatApp.Contracts;
using ChatApp.Features.Auth;
using ChatApp.Features.Blocks;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class BlockModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var blocks = app.MapGroup("/blocks").RequireAuthorization();
        blocks.MapGet("", List).WithSummary("The users you block");
        blocks.MapPut("/{user_id:int}", Block).WithSummary("Block a user")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        blocks.MapDelete("/{user_id:int}", Unblock).WithSummary("Unblock a user")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    static Ok<List<UserResponse>> List(ClaimsPrincipal caller, BlockService blocks) => TypedResults.Ok(blocks.List(caller.UserId()));

    static async Task<Results<NoContent, ApiProblem>> Block(int user_id, ClaimsPrincipal caller, BlockService blocks) =>
        (await blocks.BlockAsync(caller.UserId(), user_id)).ToHttp(_ => TypedResults.NoContent());

    static async Task<Results<NoContent, ApiProblem>> Unblock(int user_id, ClaimsPrincipal caller, BlockService blocks) =>
        (await blocks.UnblockAsync(caller.UserId(), user_id)).ToHttp(_ => TypedResults.NoContent());
}
