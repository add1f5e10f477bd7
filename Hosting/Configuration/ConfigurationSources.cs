namespace ChatApp.Hosting.Configuration;

/// <summary>
/// The contract's short environment variables and <c>--db</c>, layered over appsettings.json and the
/// standard <c>Section__Key</c> variables; the command line wins over everything.
/// </summary>
public static class ConfigurationSources
{
    static readonly (string Variable, string Key)[] Aliases =
    [
        ("CHATAPP_DB", "Database:Path"),
        ("CHATAPP_JWT_KEY", "Auth:SigningKey"),
        ("CHATAPP_RATE_LIMITS", "RateLimits:Enabled"),
        ("SOCKETIO_CORS", "Cors:Origins"),
    ];

    static readonly Dictionary<string, string> Switches = new() { ["--db"] = "Database:Path" };

    public static IConfigurationBuilder AddChatSources(this IConfigurationBuilder configuration, string[] args)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (variable, key) in Aliases)
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
                values[key] = variable == "CHATAPP_RATE_LIMITS" ? OnOff(value) : value;
        return configuration.AddInMemoryCollection(values).AddCommandLine(args, Switches);
    }

    /// <summary>
    /// The server's configuration sources, in the server's order (appsettings.json, appsettings.{env}.json,
    /// environment variables, the short aliases, <c>--db</c>), for the commands that run without the web host:
    /// they then open the file the server reads, with the server's settings.
    /// </summary>
    public static IConfigurationRoot ForCommands(string? databasePath)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddChatSources(databasePath is null ? [] : ["--db", databasePath])
            .Build();
    }

    static string OnOff(string value) =>
        value.Trim().ToLowerInvariant() is "off" or "false" or "0" or "no" ? "false" : "true";
}
