namespace ChatApp.Hosting;

public static class LogSafety
{
    /// <summary>
    /// Browsers send the hub's access token in the query string, and ASP.NET's "Request starting/finished"
    /// lines print the whole URL, token included, at Information. Those two lines are the only ones that do
    /// (SecretLeakTests reads every line of a session at Trace), so their category is held at Warning here,
    /// after appsettings, so that raising the log level elsewhere cannot bring the tokens back.
    /// </summary>
    public static ILoggingBuilder AddChatLogSafety(this ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
}
