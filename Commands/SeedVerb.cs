using System.CommandLine;
using ChatApp.Seeding;

namespace ChatApp.Commands;

/// <summary><c>seed users|messages [--count N] [--seed S]</c>: fake data, written without starting the server.</summary>
public static class SeedVerb
{
    public static Command Create(Option<string?> db, CommandConsole console, TimeProvider clock) =>
        new("seed", "Fill the database with fake users or messages (the server must not be running on it)")
        {
            Target(SeedTarget.Users, "users", 20,
                $"Create N fake users (default 20), all with the password '{UserSeeder.Password}'", db, console, clock),
            Target(SeedTarget.Messages, "messages", 1000,
                "Create N fake messages (default 1000) between random existing users, dated over the past 30 days", db, console, clock),
        };

    static Command Target(SeedTarget target, string name, int defaultCount, string description,
        Option<string?> db, CommandConsole console, TimeProvider clock)
    {
        var count = NumberOptions.WholeNumber("--count", 1, SeedArguments.MaxCount, defaultCount,
            $"How many to create (1 to {SeedArguments.MaxCount:N0})");
        var seed = NumberOptions.Integer("--seed", "An integer: the same seed on the same database gives the same data");
        var command = new Command(name, description) { count, seed };
        command.SetAction(parsed => SeedCommand.Run(
            new SeedArguments(target, parsed.GetValue(count), parsed.GetValue(seed), parsed.GetValue(db)),
            new SeedConsole(console.Out, console.Error, console.Interactive), clock));
        return command;
    }
}
