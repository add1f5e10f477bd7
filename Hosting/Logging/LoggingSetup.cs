namespace ChatApp.Hosting.Logging;

public static class LoggingSetup
{
    public static ILoggingBuilder AddChatLogging(this ILoggingBuilder logging)
    {
        // One line per entry, so that a request is one line in the journal or a plain log file.
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
        });
        // Its "Request starting" lines print the full URL: the hub's access_token query would reach the log.
        // The request log (RequestLog) says what those lines said, path only.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return logging;
    }
}
