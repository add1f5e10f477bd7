using ChatApp.Data;
using ChatApp.Features.Auth;
using Microsoft.Extensions.Options;

namespace ChatApp.Seeding;

/// <summary>
/// <c>seed users|messages</c>: fills the server's database with fake data, without starting the server.
/// Exit codes: 0 done, 1 could not seed (one line on stderr says why), 2 bad usage.
/// </summary>
public static class SeedCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;

    /// <summary>Up to this many users, <c>seed users</c> prints every name; above, it writes them to a file.</summary>
    public const int MaxPrintedUsernames = 200;

    public static int Run(SeedArguments arguments, SeedConsole console, TimeProvider clock)
    {
        if (SeedConfiguration.Load(arguments.DatabasePath, out var configError) is not { } configuration)
            return Fail(console, configError!);

        try
        {
            using var db = ChatDatabase.Open(configuration.Database.Path);
            var seed = arguments.Seed ?? Random.Shared.Next();
            return arguments.Target == SeedTarget.Users
                ? SeedUsers(db, arguments.Count, seed, configuration.Auth, console, clock)
                : SeedMessages(db, arguments.Count, seed, console, clock);
        }
        catch (DatabaseUnavailableException e)
        {
            return Fail(console, e.Message);
        }
        // A disk that fills up, a file LiteDB cannot read: one line, never a stack trace. Batches
        // committed before the failure stay; the one being written is rolled back.
        catch (Exception e)
        {
            return Fail(console, $"seeding failed: {e.Message}");
        }
    }

    static int SeedUsers(ChatDatabase db, int count, int seed, AuthOptions auth, SeedConsole console, TimeProvider clock)
    {
        var hash = new PasswordHasher(Options.Create(auth)).Hash(UserSeeder.Password);
        var progress = new Progress("users", count, console);
        // Every name is printed so that one can log in as any seeded user; past a screenful they go to a file.
        if (count <= MaxPrintedUsernames)
        {
            var names = new List<string>(count);
            UserSeeder.Seed(db, count, seed, hash, clock, progress, names.Add);
            Finish(console, progress, count, $"usernames: {string.Join(", ", names)}");
            return Ok;
        }
        var listPath = UsernameListPath(db.Path);
        using (var list = new StreamWriter(listPath, append: false))
            UserSeeder.Seed(db, count, seed, hash, clock, progress, list.WriteLine);
        Finish(console, progress, count, $"usernames: all {count:N0}, one a line, in {listPath}");
        return Ok;
    }

    /// <summary>Beside the database, rewritten by each <c>seed users</c> run that creates more than fit on screen.</summary>
    public static string UsernameListPath(string databasePath) => databasePath + ".seeded-users.txt";

    static void Finish(SeedConsole console, Progress progress, int count, string usernames)
    {
        progress.Finish(count);
        console.Out.WriteLine($"every seeded user's password: {UserSeeder.Password}");
        console.Out.WriteLine(usernames);
    }

    static int SeedMessages(ChatDatabase db, int count, int seed, SeedConsole console, TimeProvider clock)
    {
        var progress = new Progress("messages", count, console);
        if (!MessageSeeder.Seed(db, count, seed, clock, progress))
            return Fail(console, MessageSeeder.TooFewUsers);
        progress.Finish(count);
        return Ok;
    }

    static int Fail(SeedConsole console, string reason)
    {
        console.Error.WriteLine($"chatapp seed: {reason}");
        return Failed;
    }
}
