namespace ChatApp.Hosting.Backups;

public static class BackupSetup
{
    public static IServiceCollection AddChatBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackupOptions>()
            .Bind(configuration.GetSection(BackupOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<ScheduledBackups>();
        return services;
    }
}
