using ChatApp.Data.Stores;
using Microsoft.Extensions.Options;

namespace ChatApp.Data;

public static class DataServices
{
    public static IServiceCollection AddChatData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => ChatDatabase.Open(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Path, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<UserStore>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<ChatStore>();
        services.AddSingleton<RevokedTokenStore>();
        services.AddSingleton<FeedStore>();
        services.AddSingleton<UserStateStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<BlockStore>();
        services.AddSingleton<InviteStore>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
