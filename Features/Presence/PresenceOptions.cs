using System.ComponentModel.DataAnnotations;

namespace ChatApp.Features.Presence;

public sealed class PresenceOptions
{
    public const string Section = "Presence";

    /// <summary>How long after a user's last connection closes they are announced offline: a page reload does not flicker.</summary>
    [Range(0, 10)]
    public double OfflineAfterSeconds { get; set; } = 5;

    /// <summary>At most one <c>chat:typing</c> per sender and recipient in this many seconds; more calls are dropped.</summary>
    [Range(0.1, 60)]
    public double TypingEverySeconds { get; set; } = 2;
}
