using System.ComponentModel.DataAnnotations;

namespace ChatApp.Hosting.Cors;

/// <summary>Which browser origins may call the REST routes and the hub (<c>SOCKETIO_CORS</c>).</summary>
public sealed class CrossOriginOptions : IValidatableObject
{
    public const string Section = "Cors";

    /// <summary>Comma-separated origins such as <c>http://localhost:3000,https://chat.example</c>. Unset: none.</summary>
    public string? Origins { get; set; }

    public string[] OriginList() =>
        (Origins ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        OriginList().Select(OriginError).OfType<string>()
            .Select(error => new ValidationResult($"Cors:Origins (SOCKETIO_CORS): {error}", [nameof(Origins)]));

    static string? OriginError(string origin)
    {
        // A wildcard cannot go with credentials (the Fetch standard forbids it), and the contract
        // promises exactly the listed origins.
        if (origin == "*")
            return "'*' is not allowed: list each origin";
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return $"'{origin}' is not an http:// or https:// origin";
        if (uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0 || origin.EndsWith('/'))
            return $"'{origin}' must be scheme://host[:port] only, as a browser sends it (no path, no trailing '/')";
        return null;
    }
}
