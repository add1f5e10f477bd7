using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Seeding;
using ChatApp.Tests.Infrastructure;

namespace ChatApp.Tests.Seeding;

public sealed class SeedCommandErrorTests
{
    [Theory]
    [InlineData(new string[0], "chatapp seed: Required command was not provided.")]
    [InlineData(new[] { "posts" }, "chatapp seed: Unrecognized command or argument 'posts'.")]
    [InlineData(new[] { "users", "--verbose" }, "chatapp seed users: Unrecognized command or argument '--verbose'.")]
    [InlineData(new[] { "users", "extra" }, "chatapp seed users: Unrecognized command or argument 'extra'.")]
    [InlineData(new[] { "users", "--count" }, "chatapp seed users: Required argument missing for option: '--count'.")]
    [InlineData(new[] { "users", "--count", "0" }, "chatapp seed users: --count must be a whole number from 1 to 100,000,000, not '0'")]
    [InlineData(new[] { "messages", "--count", "-5" }, "chatapp seed messages: --count must be a whole number from 1 to 100,000,000, not '-5'")]
    [InlineData(new[] { "messages", "--count=ten" }, "chatapp seed messages: --count must be a whole number from 1 to 100,000,000, not 'ten'")]
    [InlineData(new[] { "messages", "--seed", "x" }, "chatapp seed messages: --seed must be an integer, not 'x'")]
    [InlineData(new[] { "users", "--db", " " }, "chatapp seed users: --db must not be empty")]
    public void BadUsagePrintsOneLineNamingTheBadArgumentOnStderrAndExits2(string[] args, string reason)
    {
        var (code, output, error) = SeedRun.RunWithoutDb(args);

        Assert.Equal(SeedCommand.BadUsage, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(reason, line);
        Assert.EndsWith("--help')", line);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void HelpPrintsUsageOnStdoutAndExits0(string help)
    {
        var (code, output, error) = SeedRun.RunWithoutDb(help);

        Assert.Equal(SeedCommand.Ok, code);
        Assert.Equal("", error);
        Assert.Contains("seed [command] [options]", output);
        Assert.Contains("seeded-password", output);
    }

    [Fact]
    public void SubcommandHelpPrintsUsageWithoutTouchingTheDatabase()
    {
        using var seed = new SeedRun();

        var (code, output, _) = seed.Run("users", "--help");

        Assert.Equal(SeedCommand.Ok, code);
        Assert.Contains("--count <N>", output);
        Assert.False(File.Exists(seed.DatabasePath));
    }

    [Fact]
    public void MessagesOnAnEmptyDatabaseExit1WithOnlyOneLineAskingForUsersFirst()
    {
        using var seed = new SeedRun();

        var (code, output, error) = seed.Run("messages");

        Assert.Equal(SeedCommand.Failed, code);
        Assert.Equal("", output);
        Assert.Equal("chatapp seed: need at least 2 users: run 'seed users' first" + Environment.NewLine, error);
    }

    [Fact]
    public void MessagesWithOneUserExit1WithOnlyOneLineAndWriteNothing()
    {
        using var seed = new SeedRun();
        Assert.Equal(SeedCommand.Ok, seed.Run("users", "--count", "1").Code);

        var (code, output, error) = seed.Run("messages", "--count", "10");

        Assert.Equal(SeedCommand.Failed, code);
        Assert.Equal("", output);
        Assert.Equal("chatapp seed: need at least 2 users: run 'seed users' first" + Environment.NewLine, error);
        using var db = ChatDatabase.Open(seed.DatabasePath);
        Assert.Equal(0, db.Messages.Count());
        Assert.Equal(0, db.Chats.Count());
    }

    [Fact]
    public void ADatabaseHeldByAnotherProcessExits1WithOneLineAndWritesNothing()
    {
        using var seed = new SeedRun();
        (int Code, string Out, string Error) result;
        using (ChatDatabase.Open(seed.DatabasePath))
            result = seed.Run("users", "--count", "5");

        Assert.Equal(SeedCommand.Failed, result.Code);
        var line = Assert.Single(result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("chatapp seed: database '", line);
        Assert.Contains("is in use by another ChatApp process", line);
        Assert.Equal("", result.Out);
        using var db = ChatDatabase.Open(seed.DatabasePath);
        Assert.Equal(0, db.Users.Count());
    }

    [Fact]
    public void AFileThatIsNotADatabaseExits1WithOneLine()
    {
        using var seed = new SeedRun();

        // LiteDB cannot read this file: the command says so in one line and leaves the file alone.
        Directory.CreateDirectory(Path.GetDirectoryName(seed.DatabasePath)!);
        File.WriteAllText(seed.DatabasePath, new string('x', 32 * 1024));
        var (code, _, error) = seed.Run("users", "--count", "2");

        Assert.Equal(SeedCommand.Failed, code);
        var line = Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        // LiteDB's own message varies with what it trips on; what matters is one line, no stack trace.
        Assert.StartsWith("chatapp seed: ", line);
        Assert.Equal(new string('x', 32 * 1024), File.ReadAllText(seed.DatabasePath));
    }
}
