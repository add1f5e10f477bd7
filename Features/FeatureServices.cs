using ChatApp.Features.Accounts;
using ChatApp.Features.Admin;
using ChatApp.Features.Auth;
using ChatApp.Features.Blocks;
using ChatApp.Features.Chats;
using ChatApp.Features.Feed;
using ChatApp.Features.Messages;
using ChatApp.Features.People;
using ChatApp.Features.Presence;
using ChatApp.Features.ReadState;
using ChatApp.Features.Settings;
using ChatApp.Features.Users;

namespace ChatApp.Features;

public static class FeatureServices
{
    /// <summary>The services both transports call; the realtime side (<c>IRealtime</c>) is registered by the hub.</summary>
    public static IServiceCollection AddChatFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PresenceOptions>()
            .Bind(configuration.GetSection(PresenceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RegistrationOptions>()
            .Bind(configuration.GetSection(RegistrationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<LoginAttempts>();
        services.AddSingleton<TokenRevocation>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<UserService>();
        services.AddSingleton<SendBudget>();
        services.AddSingleton<MessageService>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<FeedService>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<MessageLifecycle>();
        services.AddSingleton<ReadStateService>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<PresenceService>();
        services.AddSingleton<TypingService>();
        services.AddSingleton<BlockService>();
        services.AddSingleton<DirectoryService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<AdminService>();
        return services;
    }
}
