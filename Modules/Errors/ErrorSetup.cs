using Microsoft.AspNetCore.WebUtilities;

namespace ChatApp.Modules.Errors;

public static class ErrorSetup
{
    public static IServiceCollection AddChatErrors(this IServiceCollection services)
    {
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.Remove("traceId");
            c.ProblemDetails.Detail ??= DefaultDetail(c.HttpContext);
        });
        // Status code pages, the exception handler, the 401 challenge, the 413 and 429 writers and the
        // endpoints' problem results all write through this service, whatever the Accept header says.
        AnyAcceptProblemWriter.WrapFrameworkWriters(services);
        // Binding failures throw (in every environment) so the handler above can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseChatErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler()
            .UseStatusCodePages()
            .UseMiddleware<RequestLimits>();

    static string DefaultDetail(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"no route {context.Request.Method} {context.Request.Path}",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}",
        StatusCodes.Status415UnsupportedMediaType => "the request body must be JSON, sent with 'Content-Type: application/json'",
        StatusCodes.Status500InternalServerError => "the server failed to handle the request",
        StatusCodes.Status503ServiceUnavailable => "the server cannot handle the request right now",
        var status => ReasonPhrases.GetReasonPhrase(status),
    };
}
