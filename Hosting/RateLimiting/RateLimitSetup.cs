using System.Threading.RateLimiting;
using ChatApp.Features;
using ChatApp.Modules;
using ChatApp.Modules.Errors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatApp.Hosting.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter for the limits keyed by client address (sign-up, login). Limits keyed by
/// what is inside a request (sender, username) are the services' own (<c>SendBudget</c>, <c>LoginAttempts</c>).
/// </summary>
public static class RateLimitSetup
{
    public static IServiceCollection AddChatRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            // The default is 503, which tells a client the server is broken rather than that it is too fast.
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                FeatureMetrics.Refused("address");
                return new ValueTask(TooManyRequests.WriteAsync(context.HttpContext,
                    context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1),
                    "too many requests from this address: try again later"));
            };
            o.AddPolicy(RateLimitPolicies.Login, http => ByAddress(http,
                l => TokenBuckets<string>.Bucket(l.LoginsPerMinutePerAddress, TimeSpan.FromMinutes(1) / l.LoginsPerMinutePerAddress)));
            o.AddPolicy(RateLimitPolicies.SignUp, http => ByAddress(http,
                l => TokenBuckets<string>.Bucket(l.SignUpsPerHourPerAddress, TimeSpan.FromHours(1) / l.SignUpsPerHourPerAddress)));
        });
        return services;
    }

    /// <summary>Needs the matched endpoint (its policy name); WebApplication routes before any middleware.</summary>
    public static IApplicationBuilder UseChatRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    static RateLimitPartition<string> ByAddress(HttpContext http, Func<RateLimitOptions, TokenBucketRateLimiterOptions> bucket)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var address = ClientAddress.Of(http);
        return limits.Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(address, _ => bucket(limits))
            : RateLimitPartition.GetNoLimiter(address);
    }
}
