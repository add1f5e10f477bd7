using ChatApp.Data.Engine;
using ChatApp.Features;
using ChatApp.Hubs;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ChatApp.Hosting.Metrics;

/// <summary>
/// Serves <c>http://127.0.0.1:{Metrics:Port}/metrics</c> in Prometheus text format while the server runs,
/// when <c>Metrics:Enabled</c>. The meter provider is built here, from the options, rather than at
/// registration, so that the setting can come from any configuration source (tests' included).
/// </summary>
public sealed class MetricsEndpoint(IOptions<MetricsOptions> options, ILogger<MetricsEndpoint> logger) : IHostedService, IDisposable
{
    public const string Path = "/metrics";

    /// <summary>ASP.NET Core's own meters: requests by route and status, rate limiter, hub connections (SignalR's view).</summary>
    static readonly string[] AspNetCoreMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Http.Connections"];

    MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var metrics = options.Value;
        if (!metrics.Enabled)
            return Task.CompletedTask;
        var prefix = $"http://127.0.0.1:{metrics.Port}/";
        _provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("chatapp"))
            .AddMeter([DataMetrics.MeterName, FeatureMetrics.MeterName, HubMetrics.MeterName, .. AspNetCoreMeters])
            .AddPrometheusHttpListener(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = metrics.Port;
                o.ScrapeEndpointPath = Path;
                // Scrapes see the moment they ask for, not a cached one (the default caches 300 ms).
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();
        logger.LogInformation("Metrics: {Url} (Prometheus text format)", prefix.TrimEnd('/') + Path);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _provider?.Dispose();
        _provider = null;
    }
}
