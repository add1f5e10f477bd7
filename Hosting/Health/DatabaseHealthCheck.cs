using ChatApp.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatApp.Hosting.Health;

/// <summary>Healthy when the database answers a read (one index seek, no scan).</summary>
public sealed class DatabaseHealthCheck(ChatDatabase db, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            db.Ping();
            return Task.FromResult(HealthCheckResult.Healthy("the database answers"));
        }
        catch (Exception e)
        {
            // The reason goes to the log only: /health is public and the message may name files.
            logger.LogError(e, "Health check: the database {Path} cannot be read", db.Path);
            return Task.FromResult(HealthCheckResult.Unhealthy("the database cannot be read"));
        }
    }
}
