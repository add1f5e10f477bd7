using ChatApp.Tests.Infrastructure;
using ChatApp.Contracts;
using System.Text.RegularExpressions;
using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Hubs;
using ChatApp.Seeding;

namespace ChatApp.Tests.Seeding;

public sealed class UserSeederTests
{
    [Fact]
    public void SeededUsersNeverTakeANameAlreadyStoredInAnyCase()
    {
        // The same seed on an empty database gives these names; store them first, upper-cased.
        using var reference = new SeedRun();
        reference.Run("users", "--count", "40", "--seed", "5");
        var taken = Usernames(reference.DatabasePath);
        using var seed = new SeedRun();
        using (var db = ChatDatabase.Open(seed.DatabasePath))
            foreach (var name in taken)
                db.AddUser(name.ToUpperInvariant(), 0);

        var (code, output, _) = seed.Run("users", "--count", "40", "--seed", "5");

        Assert.Equal(SeedCommand.Ok, code);
        Assert.Contains("created 40 users in ", output);
        var all = Usernames(seed.DatabasePath);
        Assert.Equal(80, all.Count);
        Assert.Equal(80, all.Select(n => n.ToLowerInvariant()).Distinct().Count());
    }

    [Fact]
    public void SeededNamesFollowTheSignUpRuleAndAreNeverReserved()
    {
        using var seed = new SeedRun();

        var (code, output, _) = seed.Run("users", "--count", "300", "--seed", "6");

        Assert.Equal(SeedCommand.Ok, code);
        Assert.Contains("every seeded user's password: seeded-password", output);
        var names = Usernames(seed.DatabasePath);
        Assert.Equal(300, names.Count);
        Assert.All(names, n => Assert.Matches("^[A-Za-z0-9_.-]{3,32}$", n));
        Assert.DoesNotContain(names, EventNames.IsReserved);
    }

    [Fact]
    public void UpTo200UsersEveryCreatedUsernameIsPrintedAfterThePassword()
    {
        using var seed = new SeedRun();
        using (var db = ChatDatabase.Open(seed.DatabasePath))
            db.AddUser("already.here", 0);

        var (code, output, error) = seed.Run("users", "--count", "200", "--seed", "8");

        Assert.Equal(SeedCommand.Ok, code);
        Assert.Equal("", error);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"seeding 200 users into {seed.DatabasePath}", lines[0]);
        Assert.StartsWith("created 200 users in ", lines[1]);
        Assert.Equal("every seeded user's password: seeded-password", lines[2]);
        Assert.StartsWith("usernames: ", lines[3]);
        Assert.Equal(4, lines.Length);
        var printed = lines[3]["usernames: ".Length..].Split(", ");
        Assert.Equal(Usernames(seed.DatabasePath).Where(n => n != "already.here"), printed);
        Assert.False(File.Exists(SeedCommand.UsernameListPath(seed.DatabasePath)));
    }

    [Fact]
    public void Over200UsersEveryCreatedUsernameIsWrittenToAFileBesideTheDatabaseAndItsPathPrinted()
    {
        using var seed = new SeedRun();
        using (var db = ChatDatabase.Open(seed.DatabasePath))
            db.AddUser("already.here", 0);

        var (code, output, _) = seed.Run("users", "--count", "201", "--seed", "9");

        Assert.Equal(SeedCommand.Ok, code);
        var list = SeedCommand.UsernameListPath(seed.DatabasePath);
        Assert.Equal(Path.GetDirectoryName(seed.DatabasePath), Path.GetDirectoryName(list));
        Assert.EndsWith("every seeded user's password: seeded-password" + Environment.NewLine
            + $"usernames: all 201, one a line, in {list}" + Environment.NewLine, output);
        Assert.Equal(Usernames(seed.DatabasePath).Where(n => n != "already.here"), File.ReadAllLines(list));
    }

    [Fact]
    public void SignUpDatesRiseWithIdsFromAYearTo30DaysBeforeNow()
    {
        using var seed = new SeedRun();

        seed.Run("users", "--count", "50", "--seed", "7");

        using var db = ChatDatabase.Open(seed.DatabasePath);
        var dates = db.Users.FindAll().OrderBy(u => u.Id).Select(u => u.CreatedAt).ToList();
        Assert.Equal(dates.Order(), dates);
        var now = Infrastructure.ChatAppFactory.Start;
        Assert.All(dates, d => Assert.InRange(d, now.AddDays(-365).ToUnixTimeMilliseconds(), now.AddDays(-30).ToUnixTimeMilliseconds()));
    }

    [Theory]
    [InlineData("Ada.Lovelace", "Ada.Lovelace")]
    [InlineData("Brian_O'Kon", "Brian_OKon")]
    [InlineData("Al", "Al0")]
    [InlineData("Zoë", "Zo0")]
    [InlineData("Maximiliano.Bartholomew-Wolff1234567", "Maximiliano.Bartholomew-Wolff123")]
    public void FoldingKeepsOnlyWhatTheUsernameRuleAllows(string raw, string folded) =>
        Assert.Equal(folded, global::ChatApp.Seeding.Usernames.Fold(raw));

    static List<string> Usernames(string path)
    {
        using var db = ChatDatabase.Open(path);
        return db.Users.FindAll().OrderBy(u => u.Id).Select(u => u.Username).ToList();
    }
}
