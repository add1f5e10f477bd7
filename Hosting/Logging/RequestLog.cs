using System.Diagnostics;

namespace ChatApp.Hosting.Logging;

/// <summary>
/// One log line per request: method, path, status, duration. The path only, never the query string:
/// browsers send the hub's access token there.
/// </summary>
public sealed class RequestLog(RequestDelegate next, ILoggerFactory loggers)
{
    public const string Category = "ChatApp.Requests";

    readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // ToUriComponent keeps it escaped: a %0A in a path cannot forge a second log line.
            _logger.LogInformation("{Method} {Path} {Status} {Milliseconds:0.0} ms",
                context.Request.Method, context.Request.Path.ToUriComponent(), context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
