using Microsoft.AspNetCore.Diagnostics;

namespace ChatApp.Hosting;

public sealed class RateLimitedExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not RateLimitedException limited)
            return false;
        await TooManyRequests.WriteAsync(context, limited.RetryAfter, limited.Message);
        return true;
    }
}
