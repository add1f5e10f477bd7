using ChatApp.Hosting.Configuration;
using System.ComponentModel.DataAnnotations;
using ChatApp.Data;
using ChatApp.Features.Auth;

namespace ChatApp.Seeding;

/// <summary>
/// The server's configuration sources, in the server's order (appsettings.json, appsettings.{env}.json,
/// environment variables, the short aliases, <c>--db</c>), so seeding writes to the file the server reads
/// and hashes at the server's BCrypt cost.
/// </summary>
public sealed class SeedConfiguration
{
    public required DatabaseOptions Database { get; init; }
    public required AuthOptions Auth { get; init; }

    /// <summary>The options, or the reason they are invalid (one line).</summary>
    public static SeedConfiguration? Load(string? databasePath, out string? error)
    {
        var configuration = ConfigurationSources.ForCommands(databasePath);
        SeedConfiguration options;
        try
        {
            options = new SeedConfiguration
            {
                Database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new(),
                Auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new(),
            };
        }
        catch (InvalidOperationException e)
        {
            // A value that does not convert, e.g. Auth:BcryptWorkFactor=abc.
            error = $"invalid configuration: {e.Message}";
            return null;
        }
        error = Invalid(DatabaseOptions.Section, options.Database) ?? Invalid(AuthOptions.Section, options.Auth);
        return error is null ? options : null;
    }

    static string? Invalid(string section, object options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return null;
        return "invalid configuration: " + string.Join("; ", results.Select(r =>
            $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
