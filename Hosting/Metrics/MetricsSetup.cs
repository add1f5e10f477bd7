namespace ChatApp.Hosting.Metrics;

public static class MetricsSetup
{
    public static IServiceCollection AddChatMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<MetricsEndpoint>();
        return services;
    }
}
