namespace ChatApp.Commands;

/// <summary>
/// What may follow the options when serving: configuration settings as ASP.NET reads them from the
/// command line (<c>--Section:Key VALUE</c>, <c>--Section:Key=VALUE</c>) and the host's own switches.
/// Anything else is a mistake to name, not an argument to ignore while a server starts.
/// </summary>
public static class ServeSettings
{
    static readonly string[] HostSwitches = ["--environment", "--contentRoot", "--applicationName"];

    /// <summary>Why the first unmatched argument is wrong, or null when all are settings.</summary>
    public static string? FirstInvalid(IReadOnlyList<string> unmatched)
    {
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];
            var name = token.Split('=', 2)[0];
            var isSetting = name.StartsWith("--", StringComparison.Ordinal)
                && (name.Contains(':') || HostSwitches.Contains(name, StringComparer.OrdinalIgnoreCase));
            if (!isSetting)
                return $"unknown command or argument '{token}' (settings are written --Section:Key VALUE)";
            if (!token.Contains('='))
            {
                if (i + 1 >= unmatched.Count)
                    return $"the setting '{token}' needs a value";
                i++;
            }
        }
        return null;
    }
}
