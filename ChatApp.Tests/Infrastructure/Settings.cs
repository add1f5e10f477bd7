namespace ChatApp.Tests.Infrastructure;

public static class Settings
{
    /// <summary>For tests that send bursts no person would: limits are what they prove wrong otherwise.</summary>
    public static Dictionary<string, string?> NoRateLimits(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false", ["Auth:BcryptWorkFactor"] = "4" };
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }

    public static Dictionary<string, string?> Of(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => (string?)v.Value);
}
