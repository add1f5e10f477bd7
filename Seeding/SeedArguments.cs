using System.Globalization;

namespace ChatApp.Seeding;

public enum SeedTarget { Users, Messages }

/// <summary>What <c>seed users|messages [--count N] [--seed S] [--db PATH]</c> asked for.</summary>
public sealed record SeedArguments(SeedTarget Target, int Count, int? Seed, string? DatabasePath)
{
    public const int MaxCount = 100_000_000;

    public const string Usage = """
        usage: dotnet run -- seed users    [--count N] [--seed S] [--db PATH]
               dotnet run -- seed messages [--count N] [--seed S] [--db PATH]
               (a published build: ChatApp seed users …)

          users      create N fake users (default 20), all with the password 'seeded-password'
          messages   create N fake messages (default 1000) between random existing users,
                     dated over the past 30 days
          --count N  how many to create (1 to 100,000,000)
          --seed S   an integer: the same seed on the same database gives the same data
          --db PATH  the database file; default as for the server: Database:Path in
                     appsettings.json, CHATAPP_DB or Database__Path, else data/chat.db
        The server must not be running on the same database file.
        """;

    /// <summary>The arguments after <c>seed</c>, or the reason they are wrong.</summary>
    public static SeedArguments? Parse(string[] args, out string? error)
    {
        error = null;
        if (args.Length == 0)
            return Fail("missing what to seed: 'users' or 'messages'", out error);
        SeedTarget target;
        switch (args[0])
        {
            case "users": target = SeedTarget.Users; break;
            case "messages": target = SeedTarget.Messages; break;
            default: return Fail($"unknown subcommand '{args[0]}': use 'users' or 'messages'", out error);
        }

        var count = target == SeedTarget.Users ? 20 : 1000;
        int? seed = null;
        string? db = null;
        for (var i = 1; i < args.Length; i++)
        {
            var (name, value) = Split(args, ref i);
            switch (name)
            {
                case "--count" when value is null:
                case "--seed" when value is null:
                case "--db" when value is null:
                    return Fail($"{name} needs a value", out error);
                case "--count":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCount)
                        return Fail($"--count must be a whole number from 1 to {MaxCount:N0}, not '{value}'", out error);
                    break;
                case "--seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s))
                        return Fail($"--seed must be an integer, not '{value}'", out error);
                    seed = s;
                    break;
                case "--db":
                    if (value.Trim().Length == 0)
                        return Fail("--db must not be empty", out error);
                    db = value;
                    break;
                default:
                    return Fail($"unknown option '{name}'", out error);
            }
        }
        return new SeedArguments(target, count, seed, db);
    }

    public static bool IsHelp(string[] args) =>
        args is ["--help" or "-h" or "help"] || (args.Length > 1 && args.Skip(1).Any(a => a is "--help" or "-h"));

    /// <summary>Reads <c>--name value</c> or <c>--name=value</c>; moves <paramref name="i"/> past the value.</summary>
    static (string Name, string? Value) Split(string[] args, ref int i)
    {
        var arg = args[i];
        var equals = arg.IndexOf('=');
        if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            return (arg[..equals], arg[(equals + 1)..]);
        if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            return (arg, args[++i]);
        return (arg, null);
    }

    static SeedArguments? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }
}
