using System.Globalization;
using ChatApp.Features;

namespace ChatApp.Modules.Errors;

/// <summary>The contract's 429: problem+json with a Retry-After in whole seconds.</summary>
public static class TooManyRequests
{
    public static Task WriteAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Failure.WholeSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        return Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, detail);
    }
}
