using Carter;
using ChatApp.Contracts;

namespace ChatApp.Modules;

public sealed class RootModule : ICarterModule
{
    public const string Greeting = "Welcome to ChatApp";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/", () => TypedResults.Ok(new InfoResponse(Greeting))).WithSummary("Greeting (liveness)");
}
