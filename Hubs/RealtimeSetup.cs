using ChatApp.Contracts;
using ChatApp.Features.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace ChatApp.Hubs;

public static class RealtimeSetup
{
    public const long MaxHubMessageBytes = 64 * 1024;

    public static IServiceCollection AddChatRealtime(this IServiceCollection services)
    {
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaxHubMessageBytes;
                o.EnableDetailedErrors = true;
                o.AddFilter<HubErrorFilter>();
            })
            .AddJsonProtocol(o => JsonSetup.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddSingleton<IHttpContextFactory, HubQueryToken.ContextFactory>();
        services.AddSingleton<IRealtime, HubRealtime>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionRegistry>());
        return services;
    }
}
