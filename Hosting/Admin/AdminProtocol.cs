using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatApp.Hosting.Admin;

/// <summary>
/// One admin command as it crosses the admin socket: a single JSON line each way. The client resolves
/// every path before sending it, since the server's working directory is not the operator's.
/// </summary>
public sealed record AdminRequest(string Command, string? Name = null, int? Uses = null, double? ExpiresInDays = null, string? File = null)
{
    public const string ListUsers = "users list";
    public const string Disable = "users disable";
    public const string Enable = "users enable";
    public const string ResetPassword = "users reset-password";
    public const string Delete = "users delete";
    public const string CreateInvite = "invite create";
    public const string Backup = "backup";
}

/// <summary>Lines to print on stdout, or the one line that says why the command failed.</summary>
public sealed record AdminResponse(bool Ok, IReadOnlyList<string>? Lines = null, string? Error = null)
{
    public static AdminResponse Done(params IEnumerable<string> lines) => new(true, lines.ToList());

    public static AdminResponse Failed(string error) => new(false, Error: error);
}

public static class AdminProtocol
{
    /// <summary>A request line longer than this is refused unread: the longest legitimate one is a path.</summary>
    public const int MaxLineBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The socket sits next to the database, so the server and the command find it from the same setting.</summary>
    public static string SocketPath(string databasePath) => Path.GetFullPath(databasePath) + ".admin.sock";
}
