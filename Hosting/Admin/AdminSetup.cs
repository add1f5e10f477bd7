namespace ChatApp.Hosting.Admin;

public static class AdminSetup
{
    public static IServiceCollection AddChatAdminSocket(this IServiceCollection services)
    {
        services.AddSingleton<AdminCommands>();
        services.AddSingleton<AdminSocketListener>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminSocketListener>());
        return services;
    }
}
