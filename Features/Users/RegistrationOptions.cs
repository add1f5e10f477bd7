using System.ComponentModel.DataAnnotations;

namespace ChatApp.Features.Users;

/// <summary>Who may sign up: anyone (<c>open</c>), holders of an invite code (<c>invite</c>), or no one (<c>closed</c>).</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Registration";

    [RegularExpression("^(open|invite|closed)$", ErrorMessage = "Registration:Mode must be open, invite or closed")]
    public string Mode { get; set; } = "open";
}
