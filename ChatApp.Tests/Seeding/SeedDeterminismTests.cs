using ChatApp.Data;
using ChatApp.Data.Stores;
using ChatApp.Seeding;
using ChatApp.Tests.Infrastructure;
using LiteDB;

namespace ChatApp.Tests.Seeding;

public sealed class SeedDeterminismTests
{
    [Fact]
    public void TheSameSeedsOnEmptyDatabasesGiveTheSameUsersMessagesAndChats()
    {
        using var first = new SeedRun();
        using var second = new SeedRun();

        foreach (var run in new[] { first, second })
        {
            Assert.Equal(SeedCommand.Ok, run.Run("users", "--count", "15", "--seed", "11").Code);
            Assert.Equal(SeedCommand.Ok, run.Run("messages", "--count", "2500", "--seed", "12").Code);
        }

        Assert.Equal(Dump(first.DatabasePath), Dump(second.DatabasePath));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentData()
    {
        using var first = new SeedRun();
        using var second = new SeedRun();

        first.Run("users", "--count", "15", "--seed", "11");
        second.Run("users", "--count", "15", "--seed", "21");

        Assert.NotEqual(Dump(first.DatabasePath), Dump(second.DatabasePath));
    }

    /// <summary>
    /// Every stored document as JSON, except the password hashes: BCrypt salts each hash at random, which is
    /// the one part of the data a seed does not fix. All users share one hash of the documented password.
    /// </summary>
    static string Dump(string path)
    {
        using var db = ChatDatabase.Open(path);
        var users = db.Lite.GetCollection("users").FindAll().ToList();
        var hash = Assert.Single(users.Select(u => u["PasswordHash"].AsString).Distinct());
        Assert.True(BCrypt.Net.BCrypt.EnhancedVerify(UserSeeder.Password, hash));
        users.ForEach(u => u.Remove("PasswordHash"));
        return string.Join("\n", users.Concat(db.Lite.GetCollection("messages").FindAll())
            .Concat(db.Lite.GetCollection("chats").FindAll())
            .Select(d => JsonSerializer.Serialize(d)));
    }
}
