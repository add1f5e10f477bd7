using System.Text;
using ChatApp.Data;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatApp.Features.Auth;

/// <summary>
/// The token signing key: configured, or generated once and kept beside the database (owner-only)
/// so that a restart does not log everyone out.
/// </summary>
public sealed class SigningKey
{
    public const int MinimumBytes = 32;

    public SymmetricSecurityKey Key { get; }
    public bool Generated { get; }
    public string? FilePath { get; }

    public SigningKey(IOptions<AuthOptions> auth, IOptions<DatabaseOptions> database)
    {
        if (!string.IsNullOrEmpty(auth.Value.SigningKey))
        {
            var bytes = Encoding.UTF8.GetBytes(auth.Value.SigningKey);
            if (bytes.Length < MinimumBytes)
                throw new OptionsValidationException(nameof(AuthOptions), typeof(AuthOptions),
                    [$"Auth:SigningKey (CHATAPP_JWT_KEY) must be at least {MinimumBytes} bytes; it has {bytes.Length}"]);
            Key = new SymmetricSecurityKey(bytes);
            return;
        }
        FilePath = Path.GetFullPath(database.Value.Path) + ".jwt.key";
        (Key, Generated) = LoadOrCreate(FilePath);
    }

    static (SymmetricSecurityKey, bool) LoadOrCreate(string path)
    {
        if (File.Exists(path))
            return (new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())), false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, Encoding.ASCII, options))
            writer.Write(Convert.ToBase64String(bytes));
        return (new SymmetricSecurityKey(bytes), true);
    }
}
