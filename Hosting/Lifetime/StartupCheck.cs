using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Features.Auth;
using ChatApp.Hosting.Cors;
using Microsoft.Extensions.Options;

namespace ChatApp.Hosting.Lifetime;

public static class StartupCheck
{
    /// <summary>
    /// Opens the database and loads the signing key before listening, so that a locked file or bad
    /// configuration ends the process with one readable line instead of a stack trace.
    /// </summary>
    public static bool Run(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IOptions<AuthOptions>>().Value.ToString();
            services.GetRequiredService<IOptions<CrossOriginOptions>>().Value.ToString();
            var database = services.GetRequiredService<ChatDatabase>();
            var key = services.GetRequiredService<SigningKey>();
            services.GetRequiredService<RevokedTokenStore>();
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ChatApp");
            logger.LogInformation("Database: {Path}", database.Path);
            logger.LogInformation("Signing key: {Source}", key.FilePath is null
                ? "configured (Auth:SigningKey / CHATAPP_JWT_KEY)"
                : key.Generated ? $"generated into {key.FilePath}" : $"loaded from {key.FilePath}");
            return true;
        }
        catch (Exception e) when (e is DatabaseUnavailableException or OptionsValidationException)
        {
            Console.Error.WriteLine($"chatapp: {e.Message}");
            return false;
        }
    }
}
