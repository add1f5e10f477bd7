using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Text.Json.Serialization;

namespace ChatApp.Bench.Floors;

/// <summary>
/// The HTTP floor: bare Kestrel answering the routes the bench calls with a fixed JSON object, no auth,
/// no storage. What ChatApp costs beyond it is ChatApp's own work.
/// </summary>
public static class FloorServer
{
    public static int Run(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FloorJson.Default));
        var app = builder.Build();
        var fixedMessage = new FloorMessage(42, 7, 3, "2026-11-24T08:15:30.123Z", "benchmark floor");
        app.MapGet("/", () => TypedResults.Ok(new FloorInfo("floor")));
        app.MapGet("/message/{id:int}", (int id) => TypedResults.Ok(fixedMessage));
        app.MapGet("/chats", () => TypedResults.Ok(fixedMessage));
        app.MapPost("/message/{id:int}", (int id, FloorBody body) => TypedResults.Created($"/message/{id}", fixedMessage));
        app.Run();
        return 0;
    }
}

public sealed record FloorInfo(string Message);

public sealed record FloorBody(string Body);

public sealed record FloorMessage(int Id, int To, int From, string DateCreated, string Body);

[JsonSerializable(typeof(FloorInfo))]
[JsonSerializable(typeof(FloorBody))]
[JsonSerializable(typeof(FloorMessage))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
public sealed partial class FloorJson : JsonSerializerContext;
