using System.Threading.RateLimiting;
using ChatApp.Modules.Contracts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatApp.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter for the limits keyed by client address (sign-up, login), and the shared
/// <see cref="KeyedRateLimiters"/> for those keyed by what is inside a request (username, sender).
/// </summary>
public static class RateLimitSetup
{
    const string LoginPolicy = "login";
    const string SignUpPolicy = "sign-up";

    public static IServiceCollection AddChatRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<KeyedRateLimiters>();
        services.AddExceptionHandler<RateLimitedExceptionHandler>();
        services.AddRateLimiter(o =>
        {
            // The default is 503, which tells a client the server is broken rather than that it is too fast.
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => new ValueTask(TooManyRequests.WriteAsync(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1),
                "too many requests from this address: try again later"));
            o.AddPolicy(LoginPolicy, http => ByAddress(http, l => KeyedRateLimiters.PerMinute(l.LoginsPerMinutePerAddress)));
            o.AddPolicy(SignUpPolicy, http => ByAddress(http, l => KeyedRateLimiters.PerHour(l.SignUpsPerHourPerAddress)));
        });
        return services;
    }

    /// <summary>Needs the matched endpoint (its policy name); WebApplication routes before any middleware.</summary>
    public static IApplicationBuilder UseChatRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    public static RouteHandlerBuilder WithLoginLimits(this RouteHandlerBuilder login) =>
        login.RequireRateLimiting(LoginPolicy).AddEndpointFilter(async (context, next) =>
        {
            var request = context.Arguments.OfType<CredentialsRequest>().FirstOrDefault();
            context.HttpContext.RequestServices.GetRequiredService<KeyedRateLimiters>()
                .AcquireLogin(AddressOf(context.HttpContext), request?.Username);
            return await next(context);
        });

    public static RouteHandlerBuilder WithSignUpLimits(this RouteHandlerBuilder signUp) =>
        signUp.RequireRateLimiting(SignUpPolicy);

    static RateLimitPartition<string> ByAddress(HttpContext http, Func<RateLimitOptions, TokenBucketRateLimiterOptions> bucket)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var address = AddressOf(http);
        return limits.Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(address, _ => bucket(limits))
            : RateLimitPartition.GetNoLimiter(address);
    }

    // Behind a reverse proxy every client shares the proxy's address; see SECURITY.md.
    static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
