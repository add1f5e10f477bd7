using ChatApp.Hosting.Admin;
using ChatApp.Hosting.Backups;
using ChatApp.Hosting.Health;
using ChatApp.Hosting.Logging;
using ChatApp.Hosting.Metrics;
using ChatApp.Hosting.OpenApi;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatApp.Hosting.Lifetime;

/// <summary>What someone who runs the server needs besides the API: logs, health, API docs, the admin socket.</summary>
public static class OperationsSetup
{
    public static WebApplicationBuilder AddChatOperations(this WebApplicationBuilder builder)
    {
        builder.Logging.AddChatLogging();
        builder.Services.AddChatHealth();
        builder.Services.AddChatApiDocs();
        builder.Services.AddChatAdminSocket();
        builder.Services.AddChatBackups(builder.Configuration);
        builder.Services.AddChatMetrics(builder.Configuration);
        return builder;
    }

    /// <summary>First in the pipeline, so the request log sees the status the client really gets.</summary>
    public static IApplicationBuilder UseChatRequestLog(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestLog>();

    /// <summary>Call after MapHub (see <see cref="HubShutdown"/>).</summary>
    public static WebApplication MapChatOperations(this WebApplication app)
    {
        app.MapChatHealth();
        app.MapChatApiDocs();
        app.CloseHubConnectionsOnStop();
        app.Lifetime.ApplicationStarted.Register(() => LogAddresses(app));
        return app;
    }

    static void LogAddresses(WebApplication app)
    {
        // The test server has no addresses; a real server always has at least one.
        var addresses = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?
            .Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ChatApp");
        foreach (var address in addresses)
            logger.LogInformation("Listening on {Address} (API reference: {Docs}, health: {Health})",
                address, address + ApiDocs.ReferencePath, address + HealthSetup.Path);
    }
}
