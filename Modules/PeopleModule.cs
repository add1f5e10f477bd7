using Carter;
using ChatApp.Contracts;
using ChatApp.Features.People;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatApp.Modules;

public sealed class PeopleModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/users").RequireAuthorization();
        users.MapGet("", Search).WithSummary("Users whose name starts with q, by name").ProducesValidationProblem();
        users.MapGet("/{id:int}", Get).WithSummary("One user").ProducesProblem(StatusCodes.Status404NotFound);
    }

    static Results<Ok<List<UserResponse>>, ApiProblem> Search(string? q, string? limit, DirectoryService directory) =>
        directory.Search(q, limit).ToHttp(TypedResults.Ok);

    static Results<Ok<UserResponse>, ApiProblem> Get(int id, DirectoryService directory) =>
        directory.Get(id).ToHttp(TypedResults.Ok);
}
