using System.Globalization;
using ChatApp.Modules.Errors;

namespace ChatApp.Hosting;

/// <summary>The contract's 429: problem+json with a Retry-After in whole seconds.</summary>
public static class TooManyRequests
{
    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    public static Task WriteAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Seconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        return Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, detail);
    }
}
