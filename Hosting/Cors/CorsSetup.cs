using Microsoft.Extensions.Options;

namespace ChatApp.Hosting.Cors;

public static class CorsSetup
{
    public static IServiceCollection AddChatCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CrossOriginOptions>()
            .Bind(configuration.GetSection(CrossOriginOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CrossOriginOptions>>((cors, allowed) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(allowed.Value.OriginList())
                .AllowCredentials()
                .AllowAnyHeader()
                .AllowAnyMethod()
                // Headers a frontend reads from our answers besides the CORS-safelisted ones.
                .WithExposedHeaders("Location", "Retry-After", "WWW-Authenticate", "Link", "Idempotent-Replayed")));
        return services;
    }

    /// <summary>
    /// First in the pipeline, so that every answer an allowed origin can get, a 401 or a 413
    /// included, carries the CORS headers its browser needs to read it. No origins: no middleware,
    /// so no cross-origin access at all.
    /// </summary>
    public static IApplicationBuilder UseChatCors(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<CrossOriginOptions>>().Value.OriginList() is []
            ? app
            : app.UseCors();
}
