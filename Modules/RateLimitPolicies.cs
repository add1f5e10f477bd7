namespace ChatApp.Modules;

/// <summary>Names of the per-address limits the routes ask for; Hosting defines them from <c>RateLimitOptions</c>.</summary>
public static class RateLimitPolicies
{
    public const string Login = "login";
    public const string SignUp = "sign-up";
}
