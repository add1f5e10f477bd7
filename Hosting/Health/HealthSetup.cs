using ChatApp.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ChatApp.Hosting.Health;

public static class HealthSetup
{
    public const string Path = "/health";

    public static IServiceCollection AddChatHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    /// <summary>200 when healthy, 503 when not (the health-checks defaults); GET and HEAD only, so another verb gets the contract's 405.</summary>
    public static IEndpointConventionBuilder MapChatHealth(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
}
